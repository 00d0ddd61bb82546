package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the readings of one bucket become one value. */
enum Aggregation {
    AVG, MIN, MAX, SUM,
    /** Number of readings that carry the metric (0 for an empty bucket). */
    COUNT;

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
}
