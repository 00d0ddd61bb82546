package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiSeriesQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:34:56Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final DashboardProperties.Query LIMITS =
            new DashboardProperties.Query(null, null, null, null, null, 3, 2, null, null, null);
    private static final DashboardProperties.Retention RETENTION =
            new DashboardProperties.Retention(null, null, null, null, null, null, null);

    private static MultiSeriesQuery parse(List<String> aggs, String from, String to, String interval) {
        return MultiSeriesQuery.parse(List.of("a", "b"), List.of("temperature"), aggs, from, to, interval, CLOCK,
                LIMITS, RETENTION);
    }

    private static void assertProblem(String type, String parameter, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblemException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.toProblemDetail().getType().toString()).endsWith("/" + type);
            assertThat(e.toProblemDetail().getProperties()).containsEntry("parameter", parameter);
        });
    }

    @Test
    void shortRecentRangeReadsRawWithTheGivenInterval() {
        MultiSeriesQuery query = parse(List.of("avg", "p95", "avg"), "2026-11-27T10:15:00Z", "2026-11-27T12:00:00Z",
                "30m");

        assertThat(query.source()).isEqualTo(SeriesSource.RAW);
        assertThat(query.interval()).hasToString("30m");
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
        assertThat(query.aggs()).containsExactly(Aggregation.AVG, Aggregation.P95);
        assertThat(query.deviceIds()).containsExactly("a", "b");
    }

    @Test
    void aRangeUpToRawMaxRangeReadsRawEvenWithHourlyBuckets() {
        assertThat(parse(null, "2026-11-20T12:34:56Z", "2026-11-27T12:34:56Z", "1h").source())
                .isEqualTo(SeriesSource.RAW);
    }

    @Test
    void aLongRangeWithHourlyBucketsReadsRollupsOnWholeHours() {
        MultiSeriesQuery query = parse(null, "2026-10-28T10:15:00Z", "2026-11-27T12:34:56Z", null);

        assertThat(query.source()).isEqualTo(SeriesSource.ROLLUP);
        // 30 days in at most 300 buckets: 3h, already whole hours
        assertThat(query.interval()).hasToString("3h");
        assertThat(query.from()).isEqualTo(Instant.parse("2026-10-28T10:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-27T13:00:00Z"));
        assertThat(query.buckets().getFirst()).isEqualTo(Instant.parse("2026-10-28T09:00:00Z"));
    }

    @Test
    void aRangeOlderThanRawRetentionReadsRollupsWithTheIntervalRoundedUpToHours() {
        MultiSeriesQuery query = parse(null, "2026-09-01T00:00:00Z", "2026-09-02T00:00:00Z", "90m");

        assertThat(query.source()).isEqualTo(SeriesSource.ROLLUP);
        assertThat(query.interval()).hasToString("2h");
        assertThat(parse(null, "2026-09-01T00:00:00Z", "2026-09-02T00:00:00Z", "1m").interval()).hasToString("1h");
    }

    @Test
    void aLongRangeWithFineBucketsInsideRawRetentionStaysRawAndIsLimitedByMaxBuckets() {
        assertThat(parse(null, "2026-11-10T00:00:00Z", "2026-11-27T00:00:00Z", "30m").source())
                .isEqualTo(SeriesSource.RAW);
        assertProblem("invalid-parameter", "interval",
                () -> parse(null, "2026-11-10T00:00:00Z", "2026-11-27T00:00:00Z", "1m"));
    }

    @Test
    void percentilesAreReadFromRawWhileRawCoversTheRangeAndRefusedBeyond() {
        MultiSeriesQuery longRaw = parse(List.of("p99"), "2026-10-28T12:35:00Z", "2026-11-27T12:00:00Z", "1d");
        assertThat(longRaw.source()).isEqualTo(SeriesSource.RAW);
        assertThat(longRaw.interval()).hasToString("1d");

        assertProblem(MultiSeriesQuery.PERCENTILES_NEED_RAW_RANGE, "agg",
                () -> parse(List.of("avg", "p50"), "2026-10-01T00:00:00Z", "2026-11-27T00:00:00Z", "1d"));
    }

    @Test
    void devicesMetricsAndAggsAreValidatedAndLimited() {
        assertProblem("invalid-parameter", "deviceId", () -> MultiSeriesQuery.parse(null, List.of("t"), null, null,
                null, null, CLOCK, LIMITS, RETENTION));
        assertProblem("invalid-parameter", "deviceId", () -> MultiSeriesQuery.parse(List.of("a", "b", "c", "d"),
                List.of("t"), null, null, null, null, CLOCK, LIMITS, RETENTION));
        assertProblem("invalid-parameter", "deviceId", () -> MultiSeriesQuery.parse(
                List.of(String.join("", Collections.nCopies(513, "x"))), List.of("t"), null, null, null, null,
                CLOCK, LIMITS, RETENTION));
        assertProblem("invalid-parameter", "metric", () -> MultiSeriesQuery.parse(List.of("a"), List.of(" "), null,
                null, null, null, CLOCK, LIMITS, RETENTION));
        assertProblem("invalid-parameter", "metric", () -> MultiSeriesQuery.parse(List.of("a"),
                List.of("t", "u", "v"), null, null, null, null, CLOCK, LIMITS, RETENTION));
        assertProblem("invalid-parameter", "metric", () -> MultiSeriesQuery.parse(List.of("a"), List.of("bad metric"),
                null, null, null, null, CLOCK, LIMITS, RETENTION));
        assertProblem("invalid-parameter", "agg", () -> parse(List.of("median"), null, null, null));
        assertProblem("invalid-parameter", "from", () -> parse(null, "2026-11-27T12:00:00Z", "2026-11-27T11:00:00Z",
                null));
        // duplicates count once
        MultiSeriesQuery deduplicated = MultiSeriesQuery.parse(List.of("a", "a", "b", "b", "c"), List.of("t", "t"),
                null, null, null, null, CLOCK, LIMITS, RETENTION);
        assertThat(deduplicated.deviceIds()).containsExactly("a", "b", "c");
        assertThat(deduplicated.metrics()).containsExactly("t");
    }

    @Test
    void defaultsAreTheLast24HoursAverageFromRaw() {
        MultiSeriesQuery query = parse(null, null, null, null);

        assertThat(query.source()).isEqualTo(SeriesSource.RAW);
        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(query.aggs()).containsExactly(Aggregation.AVG);
        assertThat(query.interval()).hasToString("5m");
    }

    @Test
    void intervalsRoundUpToWholeHours() {
        assertThat(new Interval(1, 'h').roundedUpToHours()).hasToString("1h");
        assertThat(new Interval(1, 'd').roundedUpToHours()).hasToString("1d");
        assertThat(new Interval(90, 'm').roundedUpToHours()).hasToString("2h");
        assertThat(new Interval(1, 's').roundedUpToHours()).hasToString("1h");
        assertThat(new Interval(7200, 's').roundedUpToHours()).hasToString("7200s");
        assertThat(IntStream.of(61, 119).mapToObj(m -> new Interval(m, 'm').roundedUpToHours().toString()))
                .containsExactly("2h", "2h");
    }
}
