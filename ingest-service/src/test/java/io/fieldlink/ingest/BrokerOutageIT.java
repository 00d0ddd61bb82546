package io.fieldlink.ingest;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.KafkaNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.fieldlink.ingest.IngestIntegrationTest.PSK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the broker stopped a reading is answered 503 with Retry-After within the publish timeout,
 * and once the broker is back that reading never shows up: the producer gave up on it before the
 * answer was sent. Own class (same Spring context) because it stops the shared broker.
 *
 * <p>The IT context pins {@code metadata.recovery.strategy=none} (see {@link IngestIntegrationTest}):
 * the producer keeps the topic's metadata while the broker is gone, so the reading is taken into
 * the producer's buffer and retried until {@code delivery.timeout.ms}, the case where a producer
 * outliving the HTTP wait would deliver it after the 503. (With the default {@code rebootstrap}
 * the producer forgets the metadata when no broker is left and the send fails earlier, at
 * {@code max.block.ms}, without ever holding the record; KafkaTelemetryPublisherTest covers that.)
 */
@IngestIntegrationTest
class BrokerOutageIT {

    static final String IMSI = "295000000000777";
    /** fieldlink.ingest.publish-timeout in {@link IngestIntegrationTest}. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(3);

    @LocalServerPort
    int port;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @AfterEach
    void brokerBack() {
        KafkaExtension.node().start();
    }

    @Test
    void stoppedBrokerGives503WithRetryAfterAndTheReadingIsNeverDeliveredLater() {
        IngestClient client = new IngestClient(port);
        // the producer knows the topic and its leader before the outage (the common case)
        String warmUp = UUID.randomUUID().toString();
        assertThat(client.post(IngestPaths.TELEMETRY, BeamRequests.signed(PSK, IMSI, null), "application/json",
                reading(warmUp)).statusCode()).isEqualTo(202);

        KafkaNode broker = KafkaExtension.node();
        broker.stop();
        String lost = UUID.randomUUID().toString();
        long started = System.nanoTime();
        HttpResponse<String> during = client.post(IngestPaths.TELEMETRY, BeamRequests.signed(PSK, IMSI, null),
                "application/json", reading(lost));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(during.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(during.body()).contains("https://fieldlink.io/problems/ingest-unavailable");

        broker.start();
        // the same device again, until the producer has reconnected; same body and headers = same id
        var markerHeaders = BeamRequests.signed(PSK, IMSI, null);
        String marker = reading(UUID.randomUUID().toString());
        AtomicReference<String> markerId = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> after = client.post(IngestPaths.TELEMETRY, markerHeaders, "application/json", marker);
            if (after.statusCode() == 202) {
                markerId.set(IngestClient.messageId(after));
                return true;
            }
            return false;
        });

        try (TelemetryTopic topic = new TelemetryTopic(bootstrapServers)) {
            List<ConsumerRecord<String, TelemetryReceived>> records = topic.readUntil(e -> e.messageId().equals(markerId.get()));
            List<String> runs = records.stream().map(r -> r.value().attributes().get("run")).toList();
            assertThat(runs).contains(warmUp).doesNotContain(lost);
        }
        // answered within the publish timeout (plus request handling on a busy machine)
        assertThat(took).isLessThan(PUBLISH_TIMEOUT.plusSeconds(1));
    }

    private static String reading(String run) {
        return "{\"t\":1,\"run\":\"" + run + "\"}";
    }
}
