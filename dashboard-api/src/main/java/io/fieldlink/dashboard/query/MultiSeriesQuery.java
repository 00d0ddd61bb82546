package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code GET /v1/series} request: several devices and metrics, one or more aggregations,
 * and the source (raw readings or hourly rollups) chosen for the range. With {@link SeriesSource#ROLLUP}
 * the range is widened to whole hours and the interval rounded up to whole hours.
 */
record MultiSeriesQuery(List<String> deviceIds, List<String> metrics, List<Aggregation> aggs, Instant from,
                        Instant to, Interval interval, SeriesSource source) {

    static final String PERCENTILES_NEED_RAW_RANGE = "percentiles-need-raw-range";
    /** Device ids become part of document ids, which OpenSearch limits to 512 bytes. */
    static final int MAX_DEVICE_ID_BYTES = 512;

    /**
     * @throws ApiProblemException 400 naming the first invalid parameter, or 400 {@code percentiles-need-raw-range}
     */
    static MultiSeriesQuery parse(List<String> deviceIds, List<String> metrics, List<String> aggs, String from,
                                  String to, String interval, Clock clock, DashboardProperties.Query limits,
                                  DashboardProperties.Retention retention) {
        List<String> devices = distinct("deviceId", deviceIds, limits.maxDevices());
        for (String device : devices) {
            if (device.getBytes(StandardCharsets.UTF_8).length > MAX_DEVICE_ID_BYTES) {
                throw ApiProblemException.invalidParameter("deviceId",
                        "Parameter 'deviceId' must be at most " + MAX_DEVICE_ID_BYTES + " bytes.");
            }
        }
        List<String> names = distinct("metric", metrics, limits.maxMetrics());
        names.forEach(SeriesQuery::metric);
        List<Aggregation> aggregations = new ArrayList<>();
        for (String agg : aggs == null || aggs.isEmpty() ? List.of("avg") : aggs) {
            Aggregation aggregation = Aggregation.parse(agg == null || agg.isBlank() ? "" : agg);
            if (!aggregations.contains(aggregation)) {
                aggregations.add(aggregation);
            }
        }
        SeriesQuery.Window window = SeriesQuery.window(from, to, interval, clock, limits);
        SeriesSource source = chooseSource(window, aggregations, clock.instant(), retention);
        Instant start = window.from();
        Instant end = window.to();
        Interval width = window.interval();
        if (source == SeriesSource.ROLLUP) {
            width = width.roundedUpToHours();
            start = SeriesQuery.firstBucket(start, Interval.ONE_HOUR);
            Instant lastHour = SeriesQuery.firstBucket(end.minusMillis(1), Interval.ONE_HOUR);
            end = lastHour.plus(Duration.ofHours(1));
        }
        SeriesQuery.checkBuckets(SeriesQuery.bucketCount(start, end, width), width, limits);
        return new MultiSeriesQuery(devices, names, List.copyOf(aggregations), start, end, width, source);
    }

    /**
     * Raw when raw retention covers the whole range and either the interval is below 1 h or the range is at most
     * {@code raw-max-range}; else rollups. Percentiles cannot be derived from min/max/sum/count, so they are read
     * from raw whenever raw retention covers the range, and refused otherwise.
     */
    static SeriesSource chooseSource(SeriesQuery.Window window, List<Aggregation> aggs, Instant now,
                                     DashboardProperties.Retention retention) {
        boolean insideRaw = !window.from().isBefore(now.minus(retention.raw()));
        if (aggs.stream().anyMatch(Aggregation::isPercentile)) {
            if (!insideRaw) {
                throw new ApiProblemException(HttpStatus.BAD_REQUEST, PERCENTILES_NEED_RAW_RANGE, "Bad request",
                        "Percentiles need raw readings, which are kept for " + retention.raw().toDays()
                                + " days: choose a range that starts after " + now.minus(retention.raw())
                                + ", or avg, min, max, sum or count.")
                        .with("parameter", "agg").with("rawRetention", retention.raw().toString());
            }
            return SeriesSource.RAW;
        }
        boolean fine = window.interval().duration().compareTo(Duration.ofHours(1)) < 0;
        boolean shortRange = Duration.between(window.from(), window.to()).compareTo(retention.rawMaxRange()) <= 0;
        return insideRaw && (fine || shortRange) ? SeriesSource.RAW : SeriesSource.ROLLUP;
    }

    /** Start of every bucket, in order. */
    List<Instant> buckets() {
        return SeriesQuery.buckets(from, to, interval);
    }

    private static List<String> distinct(String parameter, List<String> values, int max) {
        Set<String> distinct = new LinkedHashSet<>();
        if (values != null) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    distinct.add(value.strip());
                }
            }
        }
        if (distinct.isEmpty()) {
            throw ApiProblemException.invalidParameter(parameter, "Parameter '" + parameter + "' is required (repeat "
                    + "it for several values).");
        }
        if (distinct.size() > max) {
            throw ApiProblemException.invalidParameter(parameter, "At most " + max + " values of '" + parameter
                    + "' are allowed per request.").with("max", max);
        }
        return List.copyOf(distinct);
    }
}
