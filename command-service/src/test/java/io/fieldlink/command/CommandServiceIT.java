package io.fieldlink.command;

import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service starts against a real Kafka broker and reports health, build info and metrics, and describes its
 * API as OpenAPI 3.1.
 * (Readiness going DOWN without Kafka is service-support behaviour, exercised in RulesServiceIT.)
 */
@WithKafka
// a cached context would keep its registry consuming telemetry and writing iot.devices.v1 on the shared broker
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fieldlink.security.api-keys[0].id=command-it",
        "fieldlink.security.api-keys[0].tenant=OP0000000001",
        // printf %s command-it-key | sha256sum
        "fieldlink.security.api-keys[0].sha256=7cd12d4d105baddd5dbebb2f2b07c7c5fee1a79f55a6b122a2b4de91b7c8ce84"})
class CommandServiceIT {

    private static final String KEY = "command-it-key";

    @LocalServerPort
    int port;

    @Test
    void isReadyWithKafkaUp() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);

        JsonNode readiness = json(get("/actuator/health/readiness", KEY));
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafka").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void apiPathsNeedAnApiKey() throws Exception {
        HttpResponse<String> response = get("/v1/commands", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo("https://fieldlink.io/problems/unauthorized");
    }

    @Test
    void prometheusAndInfoNeedAnApiKey() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", KEY).statusCode()).isEqualTo(200);
        assertThat(json(get("/actuator/info", KEY)).path("build").path("artifact").asString()).isEqualTo("command-service");
    }

    @Test
    void openApi31DescribesTheDeviceApiWithTheBearerSchemeAndNeedsAKey() throws Exception {
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(401);

        JsonNode api = json(get("/v3/api-docs", KEY));
        assertThat(api.path("openapi").asString()).startsWith("3.1");
        assertThat(api.path("components").path("securitySchemes").path("apiKey").path("scheme").asString())
                .isEqualTo("bearer");
        assertThat(api.path("paths").path("/v1/devices").has("get")).isTrue();
        assertThat(api.path("paths").path("/v1/devices/{deviceId}").has("patch")).isTrue();
        assertThat(api.path("paths").path("/v1/devices/{deviceId}").path("patch").path("requestBody").path("content")
                .has("application/merge-patch+json")).isTrue();
    }

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        return new ServiceHttp(port).get(path, apiKey);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }
}
