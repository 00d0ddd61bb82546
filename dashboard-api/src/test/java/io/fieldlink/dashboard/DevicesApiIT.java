package io.fieldlink.dashboard;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device endpoints over HTTP on data that went through Kafka and the projector: listing,
 * paging, latest reading, tenant isolation, authentication, the OpenAPI description and readiness.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevicesApiIT extends DashboardITSupport {

    private static final String TENANT_A = "OP-ITDEVA";
    private static final String TENANT_B = "OP-ITDEVB";

    @BeforeAll
    void seed() {
        Instant t = Instant.parse("2026-10-10T08:00:00Z");
        // tenant A: three devices, produced out of order; dev-a gets two readings
        send(reading(TENANT_A, "dev-c", "a-c-1", t, Map.of("temperature", 13.0), Map.of()));
        send(reading(TENANT_A, "dev-a", "a-a-1", t, Map.of("temperature", 11.0), Map.of("firmware", "1.0")));
        send(reading(TENANT_A, "dev-b", "a-b-1", t, Map.of("temperature", 12.0), Map.of()));
        send(reading(TENANT_A, "dev-a", "a-a-2", t.plusSeconds(60), Map.of("temperature", 11.5, "battery", 3.7),
                Map.of("firmware", "1.1")));
        // tenant B: a device with the same id as one of A's, and one of its own
        send(reading(TENANT_B, "dev-a", "b-a-1", t.plusSeconds(30), Map.of("temperature", 99.0), Map.of()));
        send(reading(TENANT_B, "dev-z", "b-z-1", t, Map.of("humidity", 40.0), Map.of()));

        eventually().until(() -> {
            Response a = get("/v1/devices", DEVICES_A_KEY);
            Response b = get("/v1/devices", DEVICES_B_KEY);
            Response latest = get("/v1/devices/dev-a/latest", DEVICES_A_KEY);
            return a.status() == 200 && a.body().get("total").asLong() == 3
                    && b.status() == 200 && b.body().get("total").asLong() == 2
                    && latest.status() == 200 && latest.body().get("messageId").asString().equals("a-a-2");
        });
    }

    @Test
    void devicesAreListedByDeviceIdWithTheirNewestReading() {
        Response response = get("/v1/devices", DEVICES_A_KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(deviceIds(response.body())).containsExactly("dev-a", "dev-b", "dev-c");
        JsonNode first = response.body().get("items").get(0);
        assertThat(first.get("lastSeen").asString()).isEqualTo("2026-10-10T08:01:00Z");
        assertThat(first.get("lastMessageId").asString()).isEqualTo("a-a-2");
        assertThat(first.get("measurements").get("temperature").asDouble()).isEqualTo(11.5);
        assertThat(first.get("measurements").get("battery").asDouble()).isEqualTo(3.7);
        assertThat(first.get("attributes").get("firmware").asString()).isEqualTo("1.1");
        assertThat(response.body().get("page").asInt()).isZero();
        assertThat(response.body().get("size").asInt()).isEqualTo(50);
    }

    @Test
    void paging() {
        Response second = get("/v1/devices?page=1&size=2", DEVICES_A_KEY);

        assertThat(deviceIds(second.body())).containsExactly("dev-c");
        assertThat(second.body().get("total").asLong()).isEqualTo(3);
        assertThat(deviceIds(get("/v1/devices?page=0&size=2", DEVICES_A_KEY).body())).containsExactly("dev-a", "dev-b");
        assertThat(deviceIds(get("/v1/devices?page=5&size=2", DEVICES_A_KEY).body())).isEmpty();
        assertThat(get("/v1/devices?size=0", DEVICES_A_KEY).body().get("parameter").asString()).isEqualTo("size");
    }

    @Test
    void latestReading() {
        Response response = get("/v1/devices/dev-a/latest", DEVICES_A_KEY);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("deviceId").asString()).isEqualTo("dev-a");
        assertThat(body.get("messageId").asString()).isEqualTo("a-a-2");
        assertThat(body.get("eventTime").asString()).isEqualTo("2026-10-10T08:01:00Z");
        assertThat(body.get("receivedTime").asString()).isEqualTo("2026-10-10T08:01:00.250Z");
        assertThat(body.get("sourceProtocol").asString()).isEqualTo("http");
        assertThat(body.get("measurements").get("temperature").asDouble()).isEqualTo(11.5);
        assertThat(body.get("attributes").get("firmware").asString()).isEqualTo("1.1");
    }

    @Test
    void aTenantSeesNothingOfAnotherTenant() {
        Response listB = get("/v1/devices", DEVICES_B_KEY);
        assertThat(deviceIds(listB.body())).containsExactly("dev-a", "dev-z");
        // the same device id is a different device in each tenant
        assertThat(get("/v1/devices/dev-a/latest", DEVICES_B_KEY).body().get("measurements").get("temperature")
                .asDouble()).isEqualTo(99.0);
        // A's other devices do not exist for B, exactly like unknown ones
        for (String path : List.of("/v1/devices/dev-c/latest", "/v1/devices/dev-c/series?metric=temperature",
                "/v1/devices/no-such-device/latest")) {
            Response response = get(path, DEVICES_B_KEY);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().get("type").asString()).isEqualTo("https://fieldlink.io/problems/device-not-found");
        }
        // and a key of a tenant without data sees nothing at all
        assertThat(get("/v1/devices", SERIES_KEY).body().get("items").toString()).doesNotContain("dev-a", "dev-c");
    }

    @Test
    void withoutAValidKeyEverythingButHealthIs401() {
        for (String path : List.of("/v1/devices", "/v1/devices/dev-a/latest", "/v1/devices/dev-a/series?metric=t",
                "/v3/api-docs", "/swagger-ui/index.html", "/actuator/prometheus")) {
            Response response = get(path, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(get(path, "wrong-key").status()).as(path).isEqualTo(401);
        }
    }

    @Test
    void readinessIsOpenAndIncludesKafkaAndOpenSearch() {
        Response response = get("/actuator/health/readiness", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("status").asString()).isEqualTo("UP");
        Response details = get("/actuator/health", DEVICES_A_KEY);
        assertThat(details.body().get("components").get("opensearch").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void openApi31WithTheBearerScheme() {
        Response response = get("/v3/api-docs", DEVICES_A_KEY);

        assertThat(response.status()).isEqualTo(200);
        JsonNode api = response.body();
        assertThat(api.get("openapi").asString()).startsWith("3.1");
        JsonNode scheme = api.get("components").get("securitySchemes").get("apiKey");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(api.get("security").get(0).has("apiKey")).isTrue();
        assertThat(api.get("paths").has("/v1/devices")).isTrue();
        assertThat(api.get("paths").has("/v1/devices/{deviceId}/latest")).isTrue();
        JsonNode series = api.get("paths").get("/v1/devices/{deviceId}/series").get("get");
        List<String> parameters = new ArrayList<>();
        series.get("parameters").forEach(p -> parameters.add(p.get("name").asString()));
        assertThat(parameters).contains("deviceId", "metric", "from", "to", "interval", "agg");
    }

    private static List<String> deviceIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("deviceId").asString()));
        return ids;
    }
}
