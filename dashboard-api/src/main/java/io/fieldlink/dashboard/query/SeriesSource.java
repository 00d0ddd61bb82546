package io.fieldlink.dashboard.query;

import java.util.Locale;

/** Where a series is read from; said in the response as {@code source}. */
enum SeriesSource {
    /** The readings themselves: exact range edges, any interval, percentiles. */
    RAW,
    /**
     * Hourly rollups (min, max, sum, count per tenant, device, metric and hour) for the hours the job has
     * rolled up, plus the readings of the hours after them: whole hours, interval a whole number of hours.
     */
    ROLLUP;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
