package io.fieldlink.dashboard;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series endpoint on known readings that went through Kafka and the projector: exact
 * aggregates per bucket, empty buckets, range edges, bucket alignment and replays that do not
 * count twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeriesIT extends DashboardITSupport {

    private static final String TENANT = "OP-ITSERIES";
    private static final String DEVICE = "series-dev-1";
    private static final Instant T0 = Instant.parse("2026-10-05T10:00:00Z");
    private static final String RANGE = "&from=2026-10-05T10:00:00Z&to=2026-10-05T12:00:00Z";

    @BeforeAll
    void seed() {
        temperature("s-01", T0.minusSeconds(1), 1000.0);          // before the range
        temperature("s-02", T0, 10.0);                              // 10:00
        temperature("s-03", T0.plusSeconds(10 * 60), 20.0);         // 10:10
        temperature("s-04", T0.plusSeconds(20 * 60), 30.0);         // 10:20
        temperature("s-05", T0.plusSeconds(30 * 60), 40.0);         // 10:30
        temperature("s-06", T0.plusSeconds(40 * 60), 50.5);         // 10:40
        // 11:00-11:30: a reading without the metric
        send(reading(TENANT, DEVICE, "s-07", T0.plusSeconds(65 * 60), Map.of("humidity", 55.0), Map.of()));
        temperature("s-08", T0.plusSeconds(95 * 60), 100.0);        // 11:35
        temperature("s-09", T0.plusSeconds(120 * 60), 2000.0);      // 12:00 = to, excluded
        // replays of s-03 and s-08 must not count twice
        temperature("s-03", T0.plusSeconds(10 * 60), 20.0);
        temperature("s-08", T0.plusSeconds(95 * 60), 100.0);

        eventually().until(() -> {
            Response count = get("/v1/devices/" + DEVICE + "/series?metric=temperature&agg=count&interval=1d"
                    + "&from=2026-10-05T00:00:00Z&to=2026-10-06T00:00:00Z", SERIES_KEY);
            return count.status() == 200 && count.body().get("points").get(0).get("value").asLong() == 8
                    && version("fieldlink-telemetry-2026.10", "s-03") == 2
                    && version("fieldlink-telemetry-2026.10", "s-08") == 2;
        });
    }

    private static void temperature(String messageId, Instant eventTime, double value) {
        send(reading(TENANT, DEVICE, messageId, eventTime, Map.of("temperature", value), Map.of()));
    }

    @Test
    void anAnswerGoesOutWholeWithItsLength() {
        // a series answer is written into a response buffer that holds it and sent with its Content-Length, not
        // flushed in 8 KB chunks (docs/dashboard-api.md); 4 hours of minutes, 2 aggregations: 480 points, ~20 KB
        String device = "series-dev-length";
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
        send(reading(TENANT, device, "s-length", to.minus(2, ChronoUnit.HOURS), Map.of("temperature", 5.0), Map.of()));
        String path = "/v1/series?deviceId=" + device + "&metric=temperature&agg=avg,count&interval=1m&from="
                + to.minus(4, ChronoUnit.HOURS) + "&to=" + to;
        eventually().until(() -> get(path, SERIES_KEY).body().get("series").size() == 2);

        HttpResponse<String> response = send("GET", path, SERIES_KEY, Map.of(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length()).isGreaterThan(16 * 1024);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(
                String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
    }

    @Test
    void averagesPerBucket() {
        Response response = get("/v1/devices/" + DEVICE + "/series?metric=temperature&interval=30m&agg=avg" + RANGE,
                SERIES_KEY);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("deviceId").asString()).isEqualTo(DEVICE);
        assertThat(body.get("metric").asString()).isEqualTo("temperature");
        assertThat(body.get("agg").asString()).isEqualTo("avg");
        assertThat(body.get("interval").asString()).isEqualTo("30m");
        assertThat(times(body)).containsExactly("2026-10-05T10:00:00Z", "2026-10-05T10:30:00Z", "2026-10-05T11:00:00Z",
                "2026-10-05T11:30:00Z");
        // (10 + 20 + 30) / 3, (40 + 50.5) / 2, no temperature, 100
        assertThat(values(body)).containsExactly(20.0, 45.25, null, 100.0);
    }

    @Test
    void minMaxSumCount() {
        assertThat(values(series("min"))).containsExactly(10.0, 40.0, null, 100.0);
        assertThat(values(series("max"))).containsExactly(30.0, 50.5, null, 100.0);
        assertThat(values(series("sum"))).containsExactly(60.0, 90.5, null, 100.0);
        assertThat(values(series("count"))).containsExactly(3.0, 2.0, 0.0, 1.0);
    }

    @Test
    void bucketsAreAlignedAndOnlyReadingsFromFromCount() {
        Response response = get("/v1/devices/" + DEVICE + "/series?metric=temperature&interval=1h"
                + "&from=2026-10-05T10:15:00Z&to=2026-10-05T12:00:00Z", SERIES_KEY);

        JsonNode body = response.body();
        assertThat(times(body)).containsExactly("2026-10-05T10:00:00Z", "2026-10-05T11:00:00Z");
        // 10:20, 10:30, 10:40 -> (30 + 40 + 50.5) / 3 ; 11:35 -> 100
        assertThat(values(body)).containsExactly(40.166666666666664, 100.0);
        assertThat(body.get("from").asString()).isEqualTo("2026-10-05T10:15:00Z");
        assertThat(body.get("to").asString()).isEqualTo("2026-10-05T12:00:00Z");
    }

    @Test
    void anotherMetricAndAnUnknownMetric() {
        Response humidity = get("/v1/devices/" + DEVICE + "/series?metric=humidity&interval=1h" + RANGE, SERIES_KEY);
        assertThat(values(humidity.body())).containsExactly(null, 55.0);

        Response unknown = get("/v1/devices/" + DEVICE + "/series?metric=no_such_metric&interval=1h" + RANGE, SERIES_KEY);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(values(unknown.body())).containsExactly(null, null);
    }

    @Test
    void aFineIntervalWithoutFromReturnsTheNewestBuckets() {
        Response response = get("/v1/devices/" + DEVICE + "/series?metric=temperature&interval=1s&agg=avg", SERIES_KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("points").size()).isBetween(9_999, 10_000);
    }

    @Test
    void seriesOfAnotherTenantsDeviceIs404() {
        Response response = get("/v1/devices/" + DEVICE + "/series?metric=temperature" + RANGE, DEVICES_A_KEY);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("type").asString()).isEqualTo("https://fieldlink.io/problems/device-not-found");
    }

    @Test
    void badParametersAreNamed() {
        for (var entry : List.of(
                Map.entry("interval=5x", "interval"), Map.entry("interval=1s&from=2026-01-01T00:00:00Z", "interval"),
                Map.entry("agg=median", "agg"), Map.entry("from=nope", "from"), Map.entry("to=nope", "to"))) {
            Response response = get("/v1/devices/" + DEVICE + "/series?metric=temperature&" + entry.getKey(), SERIES_KEY);
            assertThat(response.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.body().get("parameter").asString()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(get("/v1/devices/" + DEVICE + "/series", SERIES_KEY).body().get("parameter").asString())
                .isEqualTo("metric");
    }

    private JsonNode series(String agg) {
        Response response = get("/v1/devices/" + DEVICE + "/series?metric=temperature&interval=30m&agg=" + agg + RANGE,
                SERIES_KEY);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static List<String> times(JsonNode series) {
        List<String> times = new ArrayList<>();
        series.get("points").forEach(p -> times.add(p.get("t").asString()));
        return times;
    }

    private static List<Double> values(JsonNode series) {
        List<Double> values = new ArrayList<>();
        series.get("points").forEach(p -> {
            assertThat(p.has("value")).as("every point has a value field").isTrue();
            values.add(p.get("value").isNull() ? null : p.get("value").asDouble());
        });
        return values;
    }
}
