package io.fieldlink.ingest.mqtt;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.binary.BinaryFormat;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.ingest.telemetry.TelemetryNormalizer;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fieldlink.ingest.mqtt.MqttTelemetryHandler.Outcome.DEAD_LETTERED;
import static io.fieldlink.ingest.mqtt.MqttTelemetryHandler.Outcome.PUBLISHED;
import static io.fieldlink.ingest.mqtt.MqttTelemetryHandler.Outcome.REDELIVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** What {@link MqttTelemetryHandler} does with each kind of message, with Kafka replaced by doubles. */
class MqttTelemetryHandlerTest {

    static final String TENANT = "OP0000000001";
    static final String IMSI = "295000012345678";
    static final String TOPIC = "tenants/" + TENANT + "/devices/" + IMSI + "/telemetry";
    static final Instant NOW = Instant.parse("2026-11-27T10:00:05Z");

    final List<TelemetryReceived> published = new CopyOnWriteArrayList<>();
    volatile RuntimeException publishFailure;
    final TelemetryPublisher publisher = (event, correlationId) -> {
        if (publishFailure != null) {
            throw publishFailure;
        }
        published.add(event);
    };
    final List<ProducerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    volatile boolean deadLetterKafkaDown;
    @SuppressWarnings("unchecked")
    final KafkaTemplate<String, byte[]> dlqTemplate = mock(KafkaTemplate.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    BinaryFormats formats = BinaryFormats.none();
    String endpointFormat;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void kafkaDouble() {
        when(dlqTemplate.send(any(ProducerRecord.class))).thenAnswer(call -> {
            if (deadLetterKafkaDown) {
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("down"));
            }
            deadLetters.add(call.getArgument(0));
            return CompletableFuture.completedFuture(null);
        });
    }

    MqttTelemetryHandler handler() {
        return handler(List.of());
    }

    MqttTelemetryHandler handler(List<String> tenants) {
        return new MqttTelemetryHandler(MqttTopicScheme.of("tenants/{tenantId}/devices/{deviceId}/telemetry", tenants),
                formats, endpointFormat,
                new TelemetryIngest(new TelemetryNormalizer("timestamp"), publisher, Clock.fixed(NOW, ZoneOffset.UTC)),
                new IngestDeadLetters(dlqTemplate, Duration.ofSeconds(1)), new IngestMetrics(meters), 1024);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String header(ProducerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    double count(String outcome, String reason) {
        var counter = meters.find(IngestMetrics.REQUESTS).tags("protocol", "mqtt", "outcome", outcome, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aJsonObjectBecomesAReadingOfTheTopicsTenantAndDevice() {
        byte[] payload = bytes("{\"temperature\":21.5,\"soil\":{\"moisture\":0.31},\"battery\":\"ok\",\"timestamp\":1764237600000}");

        assertThat(handler().handle(TOPIC, payload, "corr-1")).isEqualTo(PUBLISHED);

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.tenantId()).isEqualTo(TENANT);
            assertThat(event.deviceId()).isEqualTo(IMSI);
            assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.MQTT);
            assertThat(event.identity()).isEqualTo(DeviceIdentity.NONE);
            assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(1764237600000L));
            assertThat(event.receivedTime()).isEqualTo(NOW);
            assertThat(event.measurements()).containsOnly(Map.entry("temperature", 21.5), Map.entry("soil.moisture", 0.31));
            assertThat(event.attributes()).containsOnly(Map.entry("battery", "ok"));
            // the device's own timestamp and the payload hash
            assertThat(event.messageId()).isEqualTo(MessageIds.of(IMSI, 1764237600000L, MessageIds.sha256Hex(payload)));
        });
        assertThat(deadLetters).isEmpty();
        assertThat(count("accepted", "none")).isEqualTo(1);
    }

    @Test
    void withoutADeviceTimestampTheIdUsesEpochZeroAndTheEventTimeIsTheReceivedTime() {
        byte[] payload = bytes("{\"t\":1}");

        handler().handle(TOPIC, payload, "c");

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.messageId()).isEqualTo(MessageIds.of(IMSI, 0, MessageIds.sha256Hex(payload)));
            assertThat(event.eventTime()).isEqualTo(NOW);
        });
    }

    @Test
    void theSameBytesAlwaysGiveTheSameMessageIdAndOtherBytesAnother() {
        MqttTelemetryHandler handler = handler();
        handler.handle(TOPIC, bytes("{\"t\":1,\"timestamp\":1764237600}"), "first");
        handler.handle(TOPIC, bytes("{\"t\":1,\"timestamp\":1764237600}"), "redelivered");
        handler.handle(TOPIC, bytes("{\"t\":1, \"timestamp\":1764237600}"), "one more space");
        handler.handle("tenants/" + TENANT + "/devices/295000000000002/telemetry", bytes("{\"t\":1,\"timestamp\":1764237600}"), "other device");

        assertThat(published).extracting(TelemetryReceived::messageId).satisfies(ids -> {
            assertThat(ids.get(1)).isEqualTo(ids.get(0));
            assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
            assertThat(ids.get(3)).isNotEqualTo(ids.get(0));
        });
    }

    @Test
    void binaryPayloadsAreDecodedWithTheEndpointsFormatAndTheIdHashesTheRawBytes() {
        formats = new BinaryFormats(Map.of("tank", BinaryFormat.parse("tank", "level:0:uint8 timestamp:1:uint32")),
                null, Map.of(), Map.of());
        endpointFormat = "tank";
        byte[] frame = {7, 0x69, 0x28, 0x15, 0x20}; // level 7, timestamp 1764234528 s

        assertThat(handler().handle(TOPIC, frame, "c")).isEqualTo(PUBLISHED);

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.measurements()).containsOnly(Map.entry("level", 7.0));
            assertThat(event.eventTime()).isEqualTo(Instant.ofEpochSecond(0x69281520L));
            assertThat(event.messageId()).isEqualTo(MessageIds.of(IMSI, 0x69281520L * 1000, MessageIds.sha256Hex(frame)));
        });
    }

    @Test
    void kafkaNotAcknowledgingMeansRedeliverAndNothingDeadLettered() {
        publishFailure = IngestProblems.unavailable(5);

        assertThat(handler().handle(TOPIC, bytes("{\"t\":1}"), "c")).isEqualTo(REDELIVER);

        assertThat(deadLetters).isEmpty();
        assertThat(count("failed", "kafka-unavailable")).isEqualTo(1);
    }

    @Test
    void tooManyRecordsAwaitingKafkaMeansRedeliver() {
        publishFailure = IngestProblems.overloaded(1);

        assertThat(handler().handle(TOPIC, bytes("{\"t\":1}"), "c")).isEqualTo(REDELIVER);

        assertThat(count("failed", "overloaded")).isEqualTo(1);
    }

    @Test
    void aDeviceOverItsRateLimitIsDeadLetteredNotRedelivered() {
        publishFailure = IngestProblems.rateLimited(30);

        assertThat(handler().handle(TOPIC, bytes("{\"t\":1}"), "c")).isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters).singleElement().satisfies(r ->
                assertThat(header(r, RecordHeaders.DLQ_REASON)).startsWith("rate-limited: "));
        assertThat(count("dead-lettered", "rate-limited")).isEqualTo(1);
    }

    record Poison(String topic, String payload, String key, String reason, String metricReason) {
    }

    @Test
    void poisonMessagesAreDeadLetteredWithTheirReasonAndRawBytes() {
        List<Poison> cases = List.of(
                new Poison(TOPIC, "{\"t\":", IMSI, "malformed: the payload is not valid JSON", "malformed"),
                new Poison(TOPIC, "{\"t\":1} trailing", IMSI, "malformed: ", "malformed"),
                new Poison(TOPIC, "[1,2]", IMSI, "unsupported-payload: ", "unsupported-payload"),
                new Poison(TOPIC, "\u0001\u0002binary", IMSI,
                        "unsupported-payload: the payload is not a JSON object and no binary format applies", "unsupported-payload"),
                new Poison(TOPIC, "", IMSI, "malformed: empty payload", "malformed"),
                new Poison(TOPIC, "{\"pad\":\"" + "x".repeat(1100) + "\"}", IMSI,
                        "too-large: payload has 1110 bytes, max-body-size is 1024", "too-large"),
                new Poison("tenants/" + TENANT + "/devices//telemetry", "{\"t\":1}", "mqtt:tenants/" + TENANT + "/devices//telemetry",
                        "unknown-device: unknown topic shape: the device id level must hold 1 to 128 characters", "unknown-device"));
        MqttTelemetryHandler handler = handler();

        for (Poison poison : cases) {
            assertThat(handler.handle(poison.topic(), bytes(poison.payload()), "corr")).as(poison.payload()).isEqualTo(DEAD_LETTERED);
        }

        assertThat(published).isEmpty();
        assertThat(deadLetters).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            Poison poison = cases.get(i);
            ProducerRecord<String, byte[]> record = deadLetters.get(i);
            assertThat(record.topic()).isEqualTo("iot.ingest.dlq.v1");
            assertThat(record.key()).as(poison.payload()).isEqualTo(poison.key());
            assertThat(header(record, RecordHeaders.DLQ_REASON)).as(poison.payload()).startsWith(poison.reason());
            assertThat(header(record, RecordHeaders.SOURCE_PROTOCOL)).isEqualTo("mqtt");
            assertThat(record.value()).as(poison.payload()).isEqualTo(bytes(poison.payload()));
        }
        assertThat(count("dead-lettered", "malformed")).isEqualTo(3);
        assertThat(count("dead-lettered", "unsupported-payload")).isEqualTo(2);
        assertThat(count("dead-lettered", "too-large")).isEqualTo(1);
        assertThat(count("dead-lettered", "unknown-device")).isEqualTo(1);
    }

    @Test
    void aBinaryPacketThatDoesNotFitItsFormatIsDeadLetteredAsUndecodable() {
        formats = new BinaryFormats(Map.of("tank", BinaryFormat.parse("tank", "level:0:uint32")), null,
                Map.of(IMSI, "tank"), Map.of());

        assertThat(handler().handle(TOPIC, new byte[] {1, 2}, "c")).isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters).singleElement().satisfies(r ->
                assertThat(header(r, RecordHeaders.DLQ_REASON)).startsWith("undecodable: packet has 2 bytes"));
    }

    @Test
    void aTenantNotServedIsDeadLetteredAsForbidden() {
        assertThat(handler(List.of(TENANT)).handle("tenants/OP0000000999/devices/" + IMSI + "/telemetry", bytes("{\"t\":1}"), "c"))
                .isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(IMSI);
            assertThat(header(r, RecordHeaders.DLQ_REASON)).startsWith("forbidden: tenant OP0000000999 is not served");
        });
        assertThat(count("dead-lettered", "forbidden")).isEqualTo(1);
    }

    @Test
    void anUnexpectedFailureIsDeadLetteredNotRedeliveredForever() {
        publishFailure = new IllegalStateException("bug");

        assertThat(handler().handle(TOPIC, bytes("{\"t\":1}"), "c")).isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters).singleElement().satisfies(r -> assertThat(header(r, RecordHeaders.DLQ_REASON))
                .isEqualTo("error: processing failed: java.lang.IllegalStateException"));
        assertThat(count("dead-lettered", "error")).isEqualTo(1);
    }

    @Test
    void aPoisonMessageWhoseDeadLetterRecordKafkaDidNotAcknowledgeIsRedelivered() {
        deadLetterKafkaDown = true;

        assertThat(handler().handle(TOPIC, bytes("{nope"), "c")).isEqualTo(REDELIVER);

        assertThat(count("failed", "kafka-unavailable")).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOversizedPayloadKafkaRefusesWholeIsKeptTruncated() {
        when(dlqTemplate.send(any(ProducerRecord.class))).thenAnswer(call -> {
            ProducerRecord<String, byte[]> record = call.getArgument(0);
            if (record.value().length > MqttTelemetryHandler.TRUNCATED_BYTES) {
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.RecordTooLargeException("big"));
            }
            deadLetters.add(record);
            return CompletableFuture.completedFuture(null);
        });
        var handler = new MqttTelemetryHandler(MqttTopicScheme.of("tenants/{tenantId}/devices/{deviceId}/telemetry", List.of()),
                formats, null, new TelemetryIngest(new TelemetryNormalizer("timestamp"), publisher, Clock.systemUTC()),
                new IngestDeadLetters(dlqTemplate, Duration.ofSeconds(1)), new IngestMetrics(meters), 1024);
        byte[] huge = new byte[MqttTelemetryHandler.TRUNCATED_BYTES * 3];

        assertThat(handler.handle(TOPIC, huge, "c")).isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters).singleElement().satisfies(r -> {
            assertThat(r.value()).hasSize(MqttTelemetryHandler.TRUNCATED_BYTES);
            assertThat(header(r, RecordHeaders.DLQ_REASON)).startsWith("too-large: payload has 196608 bytes")
                    .endsWith("(value: the first 65536 bytes)");
        });
    }

    @Test
    void acknowledgesOnlyWhatWasStored() {
        AtomicInteger acks = new AtomicInteger();
        SimpleAcknowledgment ack = acks::incrementAndGet;
        MqttTelemetryHandler handler = handler();

        handler.handleMessage(MessageBuilder.withPayload(bytes("{\"t\":1}"))
                .setHeader(MqttHeaders.RECEIVED_TOPIC, TOPIC)
                .setHeader(MqttHeaders.CORRELATION_DATA, bytes("mqtt-corr-1"))
                .setHeader(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK, ack).build());
        assertThat(acks).hasValue(1);
        assertThat(published).hasSize(1);

        handler.handleMessage(MessageBuilder.withPayload(bytes("{nope"))
                .setHeader(MqttHeaders.RECEIVED_TOPIC, TOPIC)
                .setHeader(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK, ack).build());
        assertThat(acks).hasValue(2);
        assertThat(deadLetters).hasSize(1);

        publishFailure = IngestProblems.unavailable(5);
        handler.handleMessage(MessageBuilder.withPayload(bytes("{\"t\":2}"))
                .setHeader(MqttHeaders.RECEIVED_TOPIC, TOPIC)
                .setHeader(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK, ack).build());
        assertThat(acks).hasValue(2);
        assertThat(MqttInboundAdapter.takeRedeliveryRequest()).isTrue();
        assertThat(MqttInboundAdapter.takeRedeliveryRequest()).isFalse();
    }

    @Test
    void correlationDataThatIsASaneTokenIsTheCorrelationId() {
        assertThat(MqttTelemetryHandler.correlationId(bytes("abc-123"))).isEqualTo("abc-123");
        assertThat(MqttTelemetryHandler.correlationId(bytes("no spaces please"))).hasSize(36);
        assertThat(MqttTelemetryHandler.correlationId(null)).hasSize(36);
    }
}
