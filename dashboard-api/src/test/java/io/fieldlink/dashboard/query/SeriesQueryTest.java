package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:34:56Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final DashboardProperties.Query LIMITS = new DashboardProperties.Query(null, null, null, null, null, null, null, null, null, null);

    private static SeriesQuery parse(String metric, String from, String to, String interval, String agg) {
        return SeriesQuery.parse("dev-1", metric, from, to, interval, agg, CLOCK, LIMITS);
    }

    private static void assertInvalid(String parameter, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.toProblemDetail().getProperties()).containsEntry("parameter", parameter);
                });
    }

    @Test
    void explicitParametersAreTakenAsGiven() {
        SeriesQuery query = parse("soil.temp_1-a", "2026-11-27T10:00:00Z", "2026-11-27T11:00:00Z", "5m", "max");

        assertThat(query.metric()).isEqualTo("soil.temp_1-a");
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(query.interval()).isEqualTo(new Interval(5, 'm'));
        assertThat(query.agg()).isEqualTo(Aggregation.MAX);
        assertThat(query.bucketCount()).isEqualTo(12);
        assertThat(query.buckets()).first().isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(query.buckets()).last().isEqualTo(Instant.parse("2026-11-27T10:55:00Z"));
    }

    @Test
    void defaultsAreTheLast24HoursAverageWithARoundInterval() {
        SeriesQuery query = parse("temperature", null, null, null, null);

        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(query.agg()).isEqualTo(Aggregation.AVG);
        // 24 h in at most 300 buckets: 5 minutes (289 buckets, the first one partial)
        assertThat(query.interval()).hasToString("5m");
        assertThat(query.bucketCount()).isEqualTo(289);
    }

    @Test
    void fromAloneEndsNowAndToAloneStartsOneDefaultRangeEarlier() {
        assertThat(parse("t", "2026-11-27T12:00:00Z", null, "1m", null).to()).isEqualTo(NOW);
        assertThat(parse("t", null, "2026-11-20T00:00:00Z", "1h", null).from())
                .isEqualTo(Instant.parse("2026-11-19T00:00:00Z"));
    }

    @Test
    void bucketsAreAlignedToTheIntervalSinceTheEpoch() {
        SeriesQuery query = parse("t", "2026-11-27T10:07:30Z", "2026-11-27T10:31:00Z", "15m", null);

        assertThat(query.firstBucket()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(query.buckets()).containsExactly(Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-27T10:15:00Z"), Instant.parse("2026-11-27T10:30:00Z"));
    }

    @Test
    void dayBucketsStartAtUtcMidnight() {
        SeriesQuery query = parse("t", "2026-11-25T06:00:00+02:00", "2026-11-27T00:00:00Z", "1d", null);

        assertThat(query.buckets()).containsExactly(Instant.parse("2026-11-25T00:00:00Z"),
                Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void offsetsAreAcceptedAlsoWhenThePlusArrivedAsASpace() {
        assertThat(parse("t", "2026-11-27T11:00:00+01:00", "2026-11-27T12:00:00 01:00", "1m", null).to())
                .isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(parse("t", "2026-11-27T10:00:00.250Z", null, "1m", null).from())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00.250Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "5m", "1h", "1d", "90m", "7d"})
    void validIntervals(String interval) {
        assertThat(Interval.parse(interval)).hasToString(interval);
    }

    @Test
    void intervalDurations() {
        assertThat(Interval.parse("30s").duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Interval.parse("5m").duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(Interval.parse("2h").duration()).isEqualTo(Duration.ofHours(2));
        assertThat(Interval.parse("1d").duration()).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "5", "m", "5w", "1.5h", "-1m", "5 m", "5M", "1y", "10ms", "1234567890s", "P1D"})
    void invalidIntervalsNameTheParameter(String interval) {
        assertInvalid("interval", () -> parse("t", null, null, interval, null));
    }

    @Test
    void tooManyBucketsIsAnIntervalProblem() {
        // 24 h in 1 s buckets = 86,400 > 10,000
        assertInvalid("interval", () -> parse("t", "2026-11-26T12:34:56Z", null, "1s", null));
        assertThat(parse("t", "2026-11-27T00:00:00Z", "2026-11-27T02:46:40Z", "1s", null).bucketCount())
                .isEqualTo(10_000);
        assertInvalid("interval", () -> parse("t", "2026-11-27T00:00:00Z", "2026-11-27T02:46:41Z", "1s", null));
    }

    @Test
    void aFineIntervalWithoutFromShortensTheDefaultRangeToTheNewestBuckets() {
        SeriesQuery query = parse("t", null, null, "1s", null);

        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.from()).isEqualTo(NOW.minusSeconds(9_999));
        assertThat(query.bucketCount()).isLessThanOrEqualTo(10_000);

        SeriesQuery withMillis = SeriesQuery.parse("d", "t", null, "2026-11-27T12:00:00.250Z", "1s", null, CLOCK, LIMITS);
        assertThat(withMillis.bucketCount()).isEqualTo(10_000);
        // coarse enough: the default 24 h stay
        assertThat(parse("t", null, null, "10s", null).from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
    }

    @Test
    void autoIntervalStaysWithinTheLimitForLongRanges() {
        SeriesQuery query = parse("t", "1990-01-01T00:00:00Z", "2026-01-01T00:00:00Z", null, null);

        assertThat(query.bucketCount()).isLessThanOrEqualTo(300);
        assertThat(query.interval().unit()).isEqualTo('d');
    }

    @Test
    void metricIsRequiredAndRestricted() {
        assertInvalid("metric", () -> parse(null, null, null, null, null));
        assertInvalid("metric", () -> parse("  ", null, null, null, null));
        assertInvalid("metric", () -> parse("temp*", null, null, null, null));
        assertInvalid("metric", () -> parse("a b", null, null, null, null));
        assertInvalid("metric", () -> parse("\"x\"", null, null, null, null));
        assertInvalid("metric", () -> parse("x".repeat(256), null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-27", "2026-11-27T10:00:00", "1764240000000", "2026-13-01T00:00:00Z",
            "99999-01-01T00:00:00Z"})
    void invalidTimesNameTheParameter(String value) {
        assertInvalid("from", () -> parse("t", value, "2026-11-27T12:00:00Z", "1h", null));
        assertInvalid("to", () -> parse("t", "2026-11-27T10:00:00Z", value, "1h", null));
    }

    @Test
    void fromMustBeBeforeTo() {
        assertInvalid("from", () -> parse("t", "2026-11-27T12:00:00Z", "2026-11-27T12:00:00Z", "1m", null));
        assertInvalid("from", () -> parse("t", "2026-11-27T13:00:00Z", "2026-11-27T12:00:00Z", "1m", null));
    }

    @Test
    void aggregations() {
        assertThat(Aggregation.parse(null)).isEqualTo(Aggregation.AVG);
        assertThat(Aggregation.parse("")).isEqualTo(Aggregation.AVG);
        assertThat(Aggregation.parse("min")).isEqualTo(Aggregation.MIN);
        assertThat(Aggregation.parse("sum")).isEqualTo(Aggregation.SUM);
        assertThat(Aggregation.parse("count")).isEqualTo(Aggregation.COUNT);
        assertInvalid("agg", () -> parse("t", null, null, null, "median"));
        assertInvalid("agg", () -> parse("t", null, null, null, "AVG"));
    }
}
