package io.fieldlink.rules;

import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleJson;
import io.fieldlink.testsupport.ServiceHttp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.WithKafka;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service starts against a real Kafka broker and reports health, build info and metrics; its REST API is
 * wired to Kafka and describes itself as OpenAPI 3.1.
 */
@WithKafka
// a cached context would keep its Streams app evaluating every rule on the shared broker after this class
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fieldlink.rules.limits.write-visible-timeout=100ms",
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
    void aCreatedRuleIsWrittenToTheCompactedRulesTopic() throws Exception {
        String body = """
                {"name": "Greenhouse too hot", "severity": "major",
                 "condition": {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 35}}""";

        HttpResponse<String> created = postJson("/v1/rules", body);

        assertThat(created.statusCode()).isEqualTo(201);
        String ruleId = json(created).path("ruleId").asString();
        String key = "OP0000000001/" + ruleId;
        var kafka = KafkaExtension.node();
        try (Admin admin = Admin.create(kafka.adminProperties());
             var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            var topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RULES.name());
            assertThat(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                    .get("cleanup.policy").value()).isEqualTo("compact");
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RULES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<Rule> rules = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        rules.add(RuleJson.read(record.value()));
                    }
                });
                return !rules.isEmpty();
            });
            assertThat(rules.getFirst().spec().name()).isEqualTo("Greenhouse too hot");
            assertThat(rules.getFirst().revision()).isEqualTo(1);
        }
    }

    @Test
    void openApi31DescribesTheApiWithTheBearerSchemeAndNeedsAKey() throws Exception {
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(401);

        HttpResponse<String> response = get("/v3/api-docs", KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode api = json(response);
        assertThat(api.path("openapi").asString()).startsWith("3.1");
        JsonNode scheme = api.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(api.path("security").path(0).has("apiKey")).isTrue();
        JsonNode paths = api.path("paths");
        assertThat(paths.has("/v1/rules")).isTrue();
        assertThat(paths.path("/v1/rules/{ruleId}").has("put")).isTrue();
        assertThat(paths.path("/v1/rules/{ruleId}").has("delete")).isTrue();
        assertThat(paths.has("/v1/alerts")).isTrue();
        assertThat(paths.has("/v1/alerts/{alertId}")).isTrue();
        assertThat(paths.path("/v1/alerts/{alertId}/ack").has("post")).isTrue();
        assertThat(paths.path("/v1/rules").path("post").path("requestBody").toString()).contains("Greenhouse too hot");
    }

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

    /** {@code POST} of a JSON body with the key ({@link ServiceHttp} has only GET; the lead may move this there). */
    private HttpResponse<String> postJson(String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
