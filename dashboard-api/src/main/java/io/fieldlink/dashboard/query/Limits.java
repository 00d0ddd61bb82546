package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parameter parsing shared by the cursor-paged lists. */
final class Limits {

    private Limits() {
    }

    /** {@code limit}: default {@code default-page-size}, 1 to {@code max-page-size}. */
    static int limit(Integer limit, DashboardProperties.Query query) {
        int value = limit == null ? query.defaultPageSize() : limit;
        if (value < 1 || value > query.maxPageSize()) {
            throw ApiProblemException.invalidParameter("limit",
                    "Parameter 'limit' must be between 1 and " + query.maxPageSize() + ".");
        }
        return value;
    }

    /** A lower-case wire name of one of {@code values}, or null when absent. */
    static <E extends Enum<E>> String wireName(String parameter, String text, E[] values, Function<E, String> wire) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (wire.apply(value).equals(wanted)) {
                return wanted;
            }
        }
        throw ApiProblemException.invalidParameter(parameter, "Parameter '" + parameter + "' must be one of "
                + Arrays.stream(values).map(wire).collect(Collectors.joining(", ")) + ".");
    }

    /** An optional exact-match text parameter: null when absent. */
    static String optional(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
