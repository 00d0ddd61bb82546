package io.fieldlink.support.security;

import io.fieldlink.contracts.ApiKeyChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import io.fieldlink.support.ProbeApplication;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two services reading {@code iot.api-keys.v1} of a real Kafka broker: a key issued there (as dashboard-api's admin
 * API writes it) works on both within seconds, and stops working on both within seconds of its revocation.
 */
@WithKafka
class ApiKeyTopicIT {

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        String kafka = KafkaExtension.node().bootstrapServers();
        first = startService(kafka);
        second = startService(kafka);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {producer, first, second}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // closing what is left
            }
        }
    }

    private static ConfigurableApplicationContext startService(String kafka) {
        // health components are shown to authorized callers only by default; this test reads them anonymously
        return new SpringApplication(ProbeApplication.class).run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafka, "--fieldlink.security.key-topic.retry-backoff=500ms",
                "--management.endpoint.health.show-components=always");
    }

    private static ServiceHttp http(ConfigurableApplicationContext context) {
        return new ServiceHttp(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static void publish(ApiKeyChanged key) throws Exception {
        producer.send(new ProducerRecord<>(Topics.API_KEYS.name(), key.keyId(), ContractJson.write(key)))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void anIssuedKeyWorksOnEveryServiceUntilItIsRevoked() throws Exception {
        String secret = "flk_topic-it-" + System.nanoTime();
        ApiKeyChanged key = new ApiKeyChanged("k-topic-it", "OP-TOPIC", "it", Set.of("viewer"),
                ApiKeyRegistry.sha256Hex(secret), Instant.now(), null);
        assertThat(http(first).get("/probe", secret).statusCode()).isEqualTo(401);

        publish(key);

        for (ConfigurableApplicationContext service : new ConfigurableApplicationContext[] {first, second}) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var answer = http(service).get("/probe", secret);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"tenant\":\"OP-TOPIC\"").contains("\"key\":\"k-topic-it\"");
            });
        }

        publish(key.revoked(Instant.now()));

        for (ConfigurableApplicationContext service : new ConfigurableApplicationContext[] {first, second}) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(http(service).get("/probe", secret).statusCode()).isEqualTo(401));
        }
        assertThat(KafkaExtension.node().readAll(Topics.API_KEYS.name())).isNotEmpty();
    }

    @Test
    void theApiKeysHealthIsUpOnceTheTopicHasBeenReadAndStaysOutOfReadiness() throws Exception {
        for (ConfigurableApplicationContext service : new ConfigurableApplicationContext[] {first, second}) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var answer = http(service).get("/actuator/health/apiKeys", null);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"status\":\"UP\"");
            });
            assertThat(http(service).get("/actuator/health/readiness", null).body()).doesNotContain("apiKeys");
        }
    }
}
