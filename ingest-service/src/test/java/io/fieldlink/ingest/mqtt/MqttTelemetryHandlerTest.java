package io.fieldlink.ingest.mqtt;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.ingest.telemetry.RequestBodies;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.ingest.telemetry.TelemetryNormalizer;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fieldlink.ingest.mqtt.MqttTelemetryHandler.Outcome.DEAD_LETTERED;
import static io.fieldlink.ingest.mqtt.MqttTelemetryHandler.Outcome.PUBLISHED;
import static io.fieldlink.ingest.mqtt.MqttTelemetryHandler.Outcome.REDELIVER;
import static org.assertj.core.api.Assertions.assertThat;

class MqttTelemetryHandlerTest {

    static final String TENANT = "OP0000000001";
    static final String IMSI = "295000012345678";
    static final String TOPIC = "tenants/" + TENANT + "/devices/" + IMSI + "/telemetry";
    static final Instant NOW = Instant.parse("2026-11-27T10:00:05Z");

    final List<TelemetryReceived> published = new CopyOnWriteArrayList<>();
    volatile boolean kafkaDown;
    final TelemetryPublisher publisher = (event, correlationId) -> {
        if (kafkaDown) {
            throw IngestProblems.unavailable(5);
        }
        published.add(event);
    };
    final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MqttPayloadDecoder decoder = MqttPayloadDecoder.rejectingBinary();

    MqttTelemetryHandler handler() {
        return new MqttTelemetryHandler(MqttTopicScheme.of("tenants/{tenantId}/devices/{deviceId}/telemetry", List.of()), decoder,
                new TelemetryIngest(new TelemetryNormalizer("timestamp"), publisher, Clock.fixed(NOW, ZoneOffset.UTC)),
                deadLetters, new IngestMetrics(meters), 1024);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
        assertThat(deadLetters.records).isEmpty();
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
    void kafkaNotAcknowledgingMeansRedeliverAndNothingDeadLettered() {
        kafkaDown = true;

        assertThat(handler().handle(TOPIC, bytes("{\"t\":1}"), "c")).isEqualTo(REDELIVER);

        assertThat(deadLetters.records).isEmpty();
        assertThat(count("rejected", "unavailable")).isEqualTo(1);
    }

    record Poison(String topic, String payload, String key, String tenant, String reason, String metricReason) {
    }

    @Test
    void poisonMessagesAreDeadLetteredWithTheirReasonAndRawBytes() {
        List<Poison> cases = List.of(
                new Poison(TOPIC, "{\"t\":", IMSI, TENANT, "invalid JSON: ", "malformed"),
                new Poison(TOPIC, "{\"t\":1} trailing", IMSI, TENANT, "invalid JSON: ", "malformed"),
                new Poison(TOPIC, "[1,2]", IMSI, TENANT, "JSON payload is not an object", "malformed"),
                new Poison(TOPIC, "23.5", IMSI, TENANT, "JSON payload is not an object", "malformed"),
                new Poison(TOPIC, "\u0001\u0002binary", IMSI, TENANT, "binary payload without a decoding format", "unsupported-payload"),
                new Poison(TOPIC, "", IMSI, TENANT, "empty payload", "malformed"),
                new Poison(TOPIC, "{\"pad\":\"" + "x".repeat(1100) + "\"}", IMSI, TENANT,
                        "payload too large: 1110 bytes, max-body-size is 1024", "too-large"),
                new Poison("tenants/" + TENANT + "/devices//telemetry", "{\"t\":1}", "mqtt:tenants/" + TENANT + "/devices//telemetry",
                        null, "unknown topic shape: the device id level must hold 1 to 128 characters", "malformed"));
        MqttTelemetryHandler handler = handler();

        for (Poison poison : cases) {
            assertThat(handler.handle(poison.topic(), bytes(poison.payload()), "corr")).as(poison.payload()).isEqualTo(DEAD_LETTERED);
        }

        assertThat(published).isEmpty();
        assertThat(deadLetters.records).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            Poison poison = cases.get(i);
            RecordingDeadLetters.Record record = deadLetters.records.get(i);
            assertThat(record.key()).as(poison.payload()).isEqualTo(poison.key());
            assertThat(record.tenantId()).as(poison.payload()).isEqualTo(poison.tenant());
            assertThat(record.reason()).as(poison.payload()).startsWith(poison.reason());
            assertThat(record.payload()).as(poison.payload()).isEqualTo(bytes(poison.payload()));
            assertThat(record.correlationId()).isEqualTo("corr");
        }
        assertThat(count("rejected", "malformed")).isEqualTo(6);
        assertThat(count("rejected", "unsupported-payload")).isEqualTo(1);
        assertThat(count("rejected", "too-large")).isEqualTo(1);
    }

    @Test
    void aTenantNotServedIsDeadLetteredAsForbidden() {
        var handler = new MqttTelemetryHandler(
                MqttTopicScheme.of("tenants/{tenantId}/devices/{deviceId}/telemetry", List.of(TENANT)), decoder,
                new TelemetryIngest(new TelemetryNormalizer("timestamp"), publisher, Clock.systemUTC()),
                deadLetters, new IngestMetrics(meters), 1024);

        assertThat(handler.handle("tenants/OP0000000999/devices/" + IMSI + "/telemetry", bytes("{\"t\":1}"), "c"))
                .isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters.records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(IMSI);
            assertThat(r.tenantId()).isEqualTo("OP0000000999");
            assertThat(r.reason()).contains("tenant OP0000000999 is not served");
        });
        assertThat(count("rejected", "forbidden")).isEqualTo(1);
    }

    @Test
    void aDecoderReadsBinaryPayloadsAndTheIdStillHashesTheRawBytes() {
        decoder = (device, topic, payload) -> {
            ObjectNode reading = RequestBodies.deviceJson().createObjectNode();
            reading.put("level", payload[0]);
            reading.put("timestamp", 1764237600L);
            return reading;
        };
        byte[] frame = {7, 1, 2, 3};

        assertThat(handler().handle(TOPIC, frame, "c")).isEqualTo(PUBLISHED);

        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.measurements()).containsOnly(Map.entry("level", 7.0));
            assertThat(event.eventTime()).isEqualTo(Instant.ofEpochSecond(1764237600L));
            assertThat(event.messageId()).isEqualTo(MessageIds.of(IMSI, 1764237600000L, MessageIds.sha256Hex(frame)));
        });
    }

    @Test
    void aDecoderThatRefusesDeadLettersWithItsReason() {
        decoder = (device, topic, payload) -> {
            throw new UndecodablePayloadException("frame checksum mismatch");
        };

        assertThat(handler().handle(TOPIC, new byte[] {1, 2}, "c")).isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters.records).singleElement().extracting(RecordingDeadLetters.Record::reason)
                .isEqualTo("frame checksum mismatch");
    }

    @Test
    void anUnexpectedFailureIsDeadLetteredNotRedeliveredForever() {
        decoder = (device, topic, payload) -> {
            throw new IllegalStateException("bug");
        };

        assertThat(handler().handle(TOPIC, new byte[] {1}, "c")).isEqualTo(DEAD_LETTERED);

        assertThat(deadLetters.records).singleElement().extracting(RecordingDeadLetters.Record::reason)
                .isEqualTo("processing failed: java.lang.IllegalStateException");
        assertThat(count("rejected", "error")).isEqualTo(1);
    }

    @Test
    void aPoisonMessageWhoseDeadLetterRecordKafkaDidNotAcknowledgeIsRedelivered() {
        deadLetters.kafkaDown = true;

        assertThat(handler().handle(TOPIC, bytes("{nope"), "c")).isEqualTo(REDELIVER);
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
        assertThat(deadLetters.records).hasSize(1);

        kafkaDown = true;
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

    @Test
    void recognisesJsonObjectsByTheirFirstSignificantByte() {
        assertThat(MqttTelemetryHandler.startsLikeJsonObject(bytes(" \r\n\t{"))).isTrue();
        assertThat(MqttTelemetryHandler.startsLikeJsonObject(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{'})).isTrue();
        assertThat(MqttTelemetryHandler.startsLikeJsonObject(bytes("[{}]"))).isFalse();
        assertThat(MqttTelemetryHandler.startsLikeJsonObject(new byte[0])).isFalse();
    }

    /** The dead-letter writer without Kafka: records what would have been written. */
    static final class RecordingDeadLetters extends MqttDeadLetters {

        record Record(String key, String tenantId, String correlationId, byte[] payload, String reason) {
        }

        final List<Record> records = new CopyOnWriteArrayList<>();
        volatile boolean kafkaDown;

        RecordingDeadLetters() {
            super(new org.springframework.kafka.core.DefaultKafkaProducerFactory<>(Map.of()), Duration.ofSeconds(1));
        }

        @Override
        boolean publish(String key, String tenantId, String correlationId, byte[] payload, String reason) {
            if (kafkaDown) {
                return false;
            }
            records.add(new Record(key, tenantId, correlationId, payload, reason));
            return true;
        }
    }
}
