package io.fieldlink.dashboard;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.dashboard.rollup.RollupJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /v1/series} over several devices and metrics (percentiles included), the hourly rollup job
 * (values, reruns, late readings), raw/rollup switching, retention and tenant isolation, on readings that went
 * through Kafka and the projector into the real OpenSearch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeriesRollupsIT extends DashboardITSupport {

    private static final String KEY_A = "it-key-rollups-a";
    private static final String KEY_B = "it-key-rollups-b";
    private static final String TENANT_A = "OP-ITROLLA";
    private static final String TENANT_B = "OP-ITROLLB";
    /** Eight days ago when written (2026-11-28): inside raw retention (40 days), outside raw-max-range (7 days). */
    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant H10 = DAY.plus(Duration.ofHours(10));
    private static final Instant H11 = DAY.plus(Duration.ofHours(11));
    private static final String TWO_HOURS = "&from=2026-11-20T10:00:00Z&to=2026-11-20T12:00:00Z";

    @Autowired
    ApplicationContext context;

    @BeforeAll
    void seed() {
        // r-dev-1: temperature 0, 1, ..., 100 in hour 10 (every 30 s); humidity 40 and 60 in hour 11
        for (int i = 0; i <= 100; i++) {
            send(reading(TENANT_A, "r-dev-1", "r1-t-" + i, H10.plusSeconds(30L * i), Map.of("temperature", (double) i),
                    Map.of()));
        }
        send(reading(TENANT_A, "r-dev-1", "r1-h-1", H11.plusSeconds(60), Map.of("humidity", 40.0), Map.of()));
        send(reading(TENANT_A, "r-dev-1", "r1-h-2", H11.plusSeconds(120), Map.of("humidity", 60.0), Map.of()));
        // r-dev-2: 5 in hour 10, 15 and 25 in hour 11
        send(reading(TENANT_A, "r-dev-2", "r2-1", H10.plusSeconds(15 * 60), Map.of("temperature", 5.0), Map.of()));
        send(reading(TENANT_A, "r-dev-2", "r2-2", H11.plusSeconds(45 * 60), Map.of("temperature", 15.0), Map.of()));
        send(reading(TENANT_A, "r-dev-2", "r2-3", H11.plusSeconds(50 * 60), Map.of("temperature", 25.0), Map.of()));
        // r-dev-3: one reading in hour 9 (a late one follows in lateReadingsAreRolledUpAgain)
        send(reading(TENANT_A, "r-dev-3", "r3-1", DAY.plus(Duration.ofMinutes(9 * 60 + 30)),
                Map.of("temperature", 10.0), Map.of()));
        // tenant B uses the same device id r-dev-1
        send(reading(TENANT_B, "r-dev-1", "b1-1", H10.plusSeconds(60), Map.of("temperature", 1000.0), Map.of()));
        // very old readings for retention: January and March 2001
        send(reading(TENANT_A, "r-old", "old-1", Instant.parse("2001-01-15T12:00:00Z"), Map.of("temperature", 1.0),
                Map.of()));
        send(reading(TENANT_A, "r-old", "old-2", Instant.parse("2001-03-10T12:00:00Z"), Map.of("temperature", 2.0),
                Map.of()));

        eventually().until(() -> {
            Response a = get("/v1/series?deviceId=r-dev-1&deviceId=r-dev-2&deviceId=r-dev-3&metric=temperature"
                    + "&metric=humidity&agg=count&interval=1d&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", KEY_A);
            Response b = get("/v1/series?deviceId=r-dev-1&metric=temperature&agg=count&interval=1d"
                    + "&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", KEY_B);
            return a.status() == 200 && b.status() == 200 && sumOfCounts(a.body()) == 101 + 2 + 3 + 1
                    && sumOfCounts(b.body()) == 1
                    && document("fieldlink-telemetry-2001.01", "old-1").isPresent()
                    && document("fieldlink-telemetry-2001.03", "old-2").isPresent();
        });
    }

    @Test
    void severalDevicesAndMetricsWithPercentilesInOneAnswer() {
        Response response = get("/v1/series?deviceId=r-dev-1&deviceId=r-dev-2&deviceId=no-such-device"
                + "&metric=temperature&metric=humidity&agg=avg&agg=count&agg=p50&agg=p95&agg=p99&interval=1h"
                + TWO_HOURS, KEY_A);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("source").asString()).isEqualTo("raw");
        assertThat(body.get("interval").asString()).isEqualTo("1h");
        // (device, metric) pairs with readings, in request order; none for the unknown device or r-dev-2 humidity
        assertThat(keys(body)).containsExactly(
                "r-dev-1/temperature/avg", "r-dev-1/temperature/count", "r-dev-1/temperature/p50",
                "r-dev-1/temperature/p95", "r-dev-1/temperature/p99",
                "r-dev-1/humidity/avg", "r-dev-1/humidity/count", "r-dev-1/humidity/p50",
                "r-dev-1/humidity/p95", "r-dev-1/humidity/p99",
                "r-dev-2/temperature/avg", "r-dev-2/temperature/count", "r-dev-2/temperature/p50",
                "r-dev-2/temperature/p95", "r-dev-2/temperature/p99");
        assertThat(values(series(body, "r-dev-1", "temperature", "avg"))).containsExactly(50.0, null);
        assertThat(values(series(body, "r-dev-1", "temperature", "count"))).containsExactly(101.0, 0.0);
        // 0..100: the q-th percentile is q (linear interpolation between ranks); t-digest estimates it
        assertThat(values(series(body, "r-dev-1", "temperature", "p50")).getFirst()).isCloseTo(50.0, within(0.5));
        assertThat(values(series(body, "r-dev-1", "temperature", "p95")).getFirst()).isCloseTo(95.0, within(0.5));
        assertThat(values(series(body, "r-dev-1", "temperature", "p99")).getFirst()).isCloseTo(99.0, within(0.5));
        assertThat(values(series(body, "r-dev-1", "humidity", "avg"))).containsExactly(null, 50.0);
        assertThat(values(series(body, "r-dev-2", "temperature", "avg"))).containsExactly(5.0, 20.0);
        // one reading: every percentile is that reading
        assertThat(values(series(body, "r-dev-2", "temperature", "p95")).getFirst()).isEqualTo(5.0);
    }

    @Test
    void tenantBGetsNothingOfTenantA() {
        Response onlyA = get("/v1/series?deviceId=r-dev-2&deviceId=r-dev-3&metric=temperature&interval=1h" + TWO_HOURS,
                KEY_B);
        assertThat(onlyA.status()).isEqualTo(200);
        assertThat(onlyA.body().get("series").size()).isZero();

        Response shared = get("/v1/series?deviceId=r-dev-1&metric=temperature&agg=max&agg=count&interval=1h"
                + TWO_HOURS, KEY_B);
        assertThat(values(series(shared.body(), "r-dev-1", "temperature", "max"))).containsExactly(1000.0, null);
        assertThat(values(series(shared.body(), "r-dev-1", "temperature", "count"))).containsExactly(1.0, 0.0);

        // and over rollups
        runRollups();
        Response rolled = get("/v1/series?deviceId=r-dev-1&deviceId=r-dev-2&metric=temperature&agg=max&interval=1h"
                + "&from=2026-11-10T00:00:00Z&to=2026-11-20T12:00:00Z", KEY_B);
        assertThat(rolled.body().get("source").asString()).isEqualTo("rollup");
        assertThat(keys(rolled.body())).containsExactly("r-dev-1/temperature/max");
        assertThat(values(series(rolled.body(), "r-dev-1", "temperature", "max"))).containsOnly(null, 1000.0);
    }

    @Test
    void rollupsHoldMinMaxSumCountPerHourAndReRunsChangeNothing() {
        runRollups();
        String id = "OP-ITROLLA:r-dev-1:temperature:" + H10.toEpochMilli();
        Map<String, Object> rollup = document("fieldlink-rollup-2026", id).orElseThrow();
        assertThat(rollup).containsEntry("tenantId", TENANT_A).containsEntry("deviceId", "r-dev-1")
                .containsEntry("metric", "temperature").containsEntry("hour", H10.toString());
        assertThat(((Number) rollup.get("min")).doubleValue()).isEqualTo(0.0);
        assertThat(((Number) rollup.get("max")).doubleValue()).isEqualTo(100.0);
        assertThat(((Number) rollup.get("sum")).doubleValue()).isEqualTo(5050.0);
        assertThat(((Number) rollup.get("count")).longValue()).isEqualTo(101);
        Map<String, Object> humidity = document("fieldlink-rollup-2026",
                "OP-ITROLLA:r-dev-1:humidity:" + H11.toEpochMilli()).orElseThrow();
        assertThat(((Number) humidity.get("sum")).doubleValue()).isEqualTo(100.0);
        assertThat(document("fieldlink-rollup-2026", "OP-ITROLLA:r-dev-1:humidity:" + H10.toEpochMilli())).isEmpty();
        long documents = rollupDocuments(TENANT_A);

        runRollups();

        assertThat(document("fieldlink-rollup-2026", id)).contains(rollup);
        assertThat(rollupDocuments(TENANT_A)).isEqualTo(documents);
    }

    @Test
    void lateReadingsAreRolledUpAgain() {
        runRollups();
        Instant h9 = DAY.plus(Duration.ofHours(9));
        String id = "OP-ITROLLA:r-dev-3:temperature:" + h9.toEpochMilli();
        assertThat(((Number) document("fieldlink-rollup-2026", id).orElseThrow().get("count")).longValue()).isEqualTo(1);

        // an hour rolled up long ago gets a reading now (received now, as ingest stamps it)
        send(new TelemetryReceived(TENANT_A, "r-dev-3", "r3-late", h9.plus(Duration.ofMinutes(10)), Instant.now(),
                SourceProtocol.HTTP, DeviceIdentity.NONE, Map.of("temperature", 30.0), Map.of()));
        // searchable (refreshed), not only stored: the job finds readings by search
        eventually().until(() -> countReadings("r3-late") == 1);
        runRollups();

        Map<String, Object> rollup = document("fieldlink-rollup-2026", id).orElseThrow();
        assertThat(((Number) rollup.get("count")).longValue()).isEqualTo(2);
        assertThat(((Number) rollup.get("sum")).doubleValue()).isEqualTo(40.0);
        assertThat(((Number) rollup.get("max")).doubleValue()).isEqualTo(30.0);
    }

    @Test
    void longRangesSwitchToRollupsWithTheSameAverages() {
        runRollups();
        Response raw = get("/v1/series?deviceId=r-dev-1&deviceId=r-dev-2&metric=temperature&agg=avg&agg=min&agg=max"
                + "&agg=sum&agg=count&interval=1h" + TWO_HOURS, KEY_A);
        Response rollup = get("/v1/series?deviceId=r-dev-1&deviceId=r-dev-2&metric=temperature&agg=avg&agg=min"
                + "&agg=max&agg=sum&agg=count&interval=1h&from=2026-11-11T10:00:00Z&to=2026-11-20T12:00:00Z", KEY_A);

        assertThat(raw.body().get("source").asString()).isEqualTo("raw");
        assertThat(rollup.status()).isEqualTo(200);
        assertThat(rollup.body().get("source").asString()).isEqualTo("rollup");
        assertThat(rollup.body().get("interval").asString()).isEqualTo("1h");
        for (String device : List.of("r-dev-1", "r-dev-2")) {
            for (String agg : List.of("avg", "min", "max", "sum", "count")) {
                List<Double> fromRollups = values(series(rollup.body(), device, "temperature", agg));
                // the last two hourly buckets of the long range are the two buckets of the short one
                assertThat(fromRollups.subList(fromRollups.size() - 2, fromRollups.size())).as(device + " " + agg)
                        .isEqualTo(values(series(raw.body(), device, "temperature", agg)));
            }
        }
        assertThat(values(series(rollup.body(), "r-dev-2", "temperature", "avg")).subList(0, 10)).containsOnlyNulls();

        // a finer interval is rounded up to whole hours on rollups
        Response rounded = get("/v1/series?deviceId=r-dev-2&metric=temperature&interval=90m"
                + "&from=2026-11-11T10:00:00Z&to=2026-11-20T12:00:00Z", KEY_A);
        assertThat(rounded.body().get("source").asString()).isEqualTo("rollup");
        assertThat(rounded.body().get("interval").asString()).isEqualTo("2h");
        // 10:00-12:00 is one 2 h bucket: (5 + 15 + 25) / 3
        assertThat(values(series(rounded.body(), "r-dev-2", "temperature", "avg")).getLast()).isEqualTo(15.0);
    }

    @Test
    void percentilesBeyondRawRetentionAre400() {
        Response response = get("/v1/series?deviceId=r-dev-1&metric=temperature&agg=p95&interval=1d"
                + "&from=2026-09-01T00:00:00Z&to=2026-11-21T00:00:00Z", KEY_A);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("type").asString())
                .isEqualTo("https://fieldlink.io/problems/percentiles-need-raw-range");
    }

    @Test
    void retentionDropsOldRawIndicesAndKeepsTheCurrentOnes() throws IOException {
        runRollups();
        openSearch.index(i -> i.index("fieldlink-rollup-1998").id("OP-ITROLLA:r-old:temperature:0")
                .document(Map.of("tenantId", TENANT_A, "deviceId", "r-old", "metric", "temperature",
                        "hour", "1998-06-01T00:00:00Z", "min", 1.0, "max", 1.0, "sum", 1.0, "count", 1)));

        // as if it were 2001-03-20: January 2001 is older than 40 days, March is the current month
        List<String> deleted = RollupJobs.retention(context, Instant.parse("2001-03-20T00:00:00Z"));

        assertThat(deleted).containsExactly("fieldlink-rollup-1998", "fieldlink-telemetry-2001.01");
        assertThat(exists("fieldlink-telemetry-2001.01")).isFalse();
        assertThat(exists("fieldlink-rollup-1998")).isFalse();
        assertThat(exists("fieldlink-telemetry-2001.03")).isTrue();
        assertThat(exists("fieldlink-rollup-2001")).isTrue();
        assertThat(exists("fieldlink-telemetry-2026.11")).isTrue();
        // the rollup of the deleted month outlives it
        assertThat(document("fieldlink-rollup-2001", "OP-ITROLLA:r-old:temperature:"
                + Instant.parse("2001-01-15T12:00:00Z").toEpochMilli())).isPresent();
    }

    private void runRollups() {
        try {
            RollupJobs.rollUp(context, Instant.now());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean exists(String index) throws IOException {
        return openSearch.indices().exists(e -> e.index(index)).value();
    }

    private long rollupDocuments(String tenant) {
        try {
            openSearch.indices().refresh(r -> r.index("fieldlink-rollup-*"));
            return openSearch.count(c -> c.index("fieldlink-rollup-*")
                    .query(q -> q.term(t -> t.field("tenantId").value(v -> v.stringValue(tenant))))).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sumOfCounts(JsonNode body) {
        long sum = 0;
        for (JsonNode item : body.get("series")) {
            for (JsonNode point : item.get("points")) {
                sum += point.get("value").asLong();
            }
        }
        return sum;
    }

    private static List<String> keys(JsonNode body) {
        List<String> keys = new ArrayList<>();
        body.get("series").forEach(s -> keys.add(s.get("deviceId").asString() + "/" + s.get("metric").asString() + "/"
                + s.get("agg").asString()));
        return keys;
    }

    private static JsonNode series(JsonNode body, String device, String metric, String agg) {
        for (JsonNode item : body.get("series")) {
            if (item.get("deviceId").asString().equals(device) && item.get("metric").asString().equals(metric)
                    && item.get("agg").asString().equals(agg)) {
                return item;
            }
        }
        throw new AssertionError("no series " + device + "/" + metric + "/" + agg + " in " + body);
    }

    private static List<Double> values(JsonNode series) {
        List<Double> values = new ArrayList<>();
        series.get("points").forEach(p -> values.add(p.get("value").isNull() ? null : p.get("value").asDouble()));
        return values;
    }
}
