package io.fieldlink.rules;

import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.WithKafka;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service starts against a real Kafka broker and reports health, build info and metrics. */
@WithKafka
// a cached context would keep its Streams app evaluating every rule on the shared broker after this class
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fieldlink.security.api-keys[0].id=rules-it",
        "fieldlink.security.api-keys[0].tenant=OP0000000001",
        // printf %s rules-it-key | sha256sum
        "fieldlink.security.api-keys[0].sha256=703371ac19fd8a99f44bca38123ec5e7431fe68d75345cb6119955f9b298383f"})
class RulesServiceIT {

    private static final String KEY = "rules-it-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void isLiveAndReadyWithKafkaUp() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

        // ready once the rules Streams app is RUNNING (it joins its consumer group after startup)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> anonymous = get("/actuator/health/readiness", null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(json(anonymous).path("status").asString()).isEqualTo("UP");
        });

        JsonNode readiness = json(get("/actuator/health/readiness", KEY));
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafka").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("kafka").path("details").path("nodes").asInt()).isEqualTo(1);
        assertThat(readiness.path("components").path("streams").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("streams").path("details").path("state").asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void readinessIsDownWhileKafkaIsUnreachableAndUpAgainAfterwards() throws Exception {
        var kafka = KafkaExtension.node();
        kafka.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> readiness = get("/actuator/health/readiness", KEY);
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(json(readiness).path("components").path("kafka").path("status").asString()).isEqualTo("DOWN");
            });
            assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        } finally {
            kafka.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200));
    }

    @Test
    void apiPathsNeedAnApiKey() throws Exception {
        HttpResponse<String> response = get("/v1/rules", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(response).path("type").asString()).isEqualTo("https://fieldlink.io/problems/unauthorized");
        assertThat(get("/v1/rules", "not-the-key").statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusNeedsAnApiKey() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);

        HttpResponse<String> scrape = get("/actuator/prometheus", KEY);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds");
    }

    @Test
    void infoShowsTheBuild() throws Exception {
        JsonNode build = json(get("/actuator/info", KEY)).path("build");

        assertThat(build.path("artifact").asString()).isEqualTo("rules-service");
        assertThat(build.path("version").asString()).isNotBlank();
    }

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        return new ServiceHttp(port).get(path, apiKey);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
