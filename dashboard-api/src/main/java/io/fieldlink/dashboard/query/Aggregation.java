package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the readings of one bucket become one value. */
enum Aggregation {
    AVG, MIN, MAX, SUM,
    /** Number of readings that carry the metric (0 for an empty bucket). */
    COUNT,
    /** Percentiles (OpenSearch's t-digest estimate): only from raw readings, never from hourly rollups. */
    P50, P95, P99;

    static Aggregation parse(String text) {
        if (text == null || text.isBlank()) {
            return AVG;
        }
        for (Aggregation aggregation : values()) {
            if (aggregation.wireName().equals(text.strip())) {
                return aggregation;
            }
        }
        throw ApiProblemException.invalidParameter("agg", "Parameter 'agg' must be one of "
                + Arrays.stream(values()).map(Aggregation::wireName).collect(Collectors.joining(", ")) + ".");
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isPercentile() {
        return percent() != null;
    }

    /** The percent of a percentile aggregation ({@code 95.0} for {@code p95}), null for the others. */
    Double percent() {
        return switch (this) {
            case P50 -> 50.0;
            case P95 -> 95.0;
            case P99 -> 99.0;
            default -> null;
        };
    }
}
