package io.fieldlink.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The OpenSearch request dashboard-api sends for {@code GET /v1/series}, replicated for the direct side of the
 * benchmark: one {@code _msearch} with the raw search (tenant term, device terms, event-time range; terms on the
 * device > date histogram > {@code stats} per metric), or for rollups the rollup search for the hours the job has
 * rolled up plus the raw search for the hours after them. Mirrors {@code SeriesSearches.raw/rollup};
 * the benchmark checks that both sides answer with the same values, and compares the body with the one the API
 * logs (tracer) when that can be captured.
 */
final class SeriesRequests {

    /** The automatic widths of {@code Interval.auto}, smallest first. */
    private static final List<String> ROUND = List.of("1s", "5s", "10s", "15s", "30s", "1m", "5m", "10m", "15m", "30m",
            "1h", "2h", "3h", "6h", "12h", "1d", "7d", "30d");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final String prefix;
    private final String tenant;

    SeriesRequests(String prefix, String tenant) {
        this.prefix = prefix;
        this.tenant = tenant;
    }

    /** What the API resolves a request to: the range after widening, the interval and the source. */
    record Resolved(Instant from, Instant to, String interval, String source) {
    }

    /** As {@code MultiSeriesQuery.parse} resolves an explicit range without an interval (300 buckets at most). */
    static Resolved resolve(Instant from, Instant to, boolean rollup, int autoBuckets) {
        String interval = autoInterval(Duration.between(from, to), autoBuckets);
        if (!rollup) {
            return new Resolved(from, to, interval, "raw");
        }
        long width = millis(interval);
        String hours = width % HOUR == 0 ? interval : ((width + HOUR - 1) / HOUR) + "h";
        Instant start = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), HOUR) * HOUR);
        Instant end = Instant.ofEpochMilli(Math.floorDiv(to.toEpochMilli() - 1, HOUR) * HOUR + HOUR);
        return new Resolved(start, end, hours, "rollup");
    }

    static String autoInterval(Duration range, int maxBuckets) {
        for (String candidate : ROUND) {
            long width = millis(candidate);
            if (-Math.floorDiv(-range.toMillis(), width) + 1 <= maxBuckets) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("range too long for the benchmark: " + range);
    }

    static long millis(String interval) {
        long amount = Long.parseLong(interval.substring(0, interval.length() - 1));
        return switch (interval.charAt(interval.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount).toMillis();
            case 'm' -> Duration.ofMinutes(amount).toMillis();
            case 'h' -> Duration.ofHours(amount).toMillis();
            case 'd' -> Duration.ofDays(amount).toMillis();
            default -> throw new IllegalArgumentException(interval);
        };
    }

    /**
     * The {@code _msearch} body (NDJSON) for the resolved query. {@code rolledUpTo} is the rollup job's progress as
     * the API reads it ({@code <prefix>-jobs/hourly-rollup}); only used for rollup queries.
     */
    String msearch(List<String> devices, List<String> metrics, Resolved query, Optional<Instant> rolledUpTo) {
        StringBuilder body = new StringBuilder(2048);
        Instant rawFrom = query.from();
        if (query.source().equals("rollup") && rolledUpTo.isPresent() && rolledUpTo.get().isAfter(query.from())) {
            Instant rollupTo = rolledUpTo.get().isBefore(query.to()) ? rolledUpTo.get() : query.to();
            body.append(header(prefix + "-rollup-*")).append('\n')
                    .append(rollupSearch(devices, metrics, query, rollupTo)).append('\n');
            rawFrom = rollupTo;
        }
        if (rawFrom.isBefore(query.to())) {
            body.append(header(prefix + "-telemetry-*")).append('\n')
                    .append(rawSearch(devices, metrics, query, rawFrom)).append('\n');
        }
        return body.toString();
    }

    private static String header(String index) {
        return "{\"allow_no_indices\":true,\"ignore_unavailable\":true,\"index\":[\"" + index + "\"]}";
    }

    private String rawSearch(List<String> devices, List<String> metrics, Resolved query, Instant from) {
        StringBuilder stats = new StringBuilder();
        for (int m = 0; m < metrics.size(); m++) {
            stats.append(m == 0 ? "" : ",").append("\"s").append(m).append("\":{\"stats\":{\"field\":\"measurements.")
                    .append(metrics.get(m)).append("\"}}");
        }
        return "{\"aggregations\":{\"devices\":{\"aggregations\":{\"buckets\":{\"aggregations\":{" + stats + "},"
                + "\"date_histogram\":{\"field\":\"eventTime\",\"fixed_interval\":\"" + query.interval()
                + "\",\"min_doc_count\":1}}},\"terms\":{\"field\":\"deviceId\",\"size\":" + devices.size() + "}}},"
                + "\"query\":{\"bool\":{\"filter\":[" + tenantTerm() + "," + terms("deviceId", devices) + ","
                + range("eventTime", from, query.to()) + "]}},\"size\":0}";
    }

    private String rollupSearch(List<String> devices, List<String> metrics, Resolved query, Instant to) {
        return "{\"aggregations\":{\"devices\":{\"aggregations\":{\"metrics\":{\"aggregations\":{\"buckets\":{"
                + "\"aggregations\":{\"min\":{\"min\":{\"field\":\"min\"}},\"max\":{\"max\":{\"field\":\"max\"}},"
                + "\"sum\":{\"sum\":{\"field\":\"sum\"}},\"count\":{\"sum\":{\"field\":\"count\"}}},"
                + "\"date_histogram\":{\"field\":\"hour\",\"fixed_interval\":\"" + query.interval()
                + "\",\"min_doc_count\":1}}},\"terms\":{\"field\":\"metric\",\"size\":" + metrics.size() + "}}},"
                + "\"terms\":{\"field\":\"deviceId\",\"size\":" + devices.size() + "}}},"
                + "\"query\":{\"bool\":{\"filter\":[" + tenantTerm() + "," + terms("deviceId", devices) + ","
                + terms("metric", metrics) + "," + range("hour", query.from(), to) + "]}},\"size\":0}";
    }

    private String tenantTerm() {
        return "{\"term\":{\"tenantId\":{\"value\":\"" + tenant + "\"}}}";
    }

    private static String terms(String field, List<String> values) {
        return "{\"terms\":{\"" + field + "\":[" + values.stream().map(v -> "\"" + v + "\"")
                .collect(Collectors.joining(",")) + "]}}";
    }

    private static String range(String field, Instant from, Instant to) {
        return "{\"range\":{\"" + field + "\":{\"format\":\"epoch_millis\",\"gte\":" + from.toEpochMilli() + ",\"lt\":"
                + to.toEpochMilli() + "}}}";
    }
}
