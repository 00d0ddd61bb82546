package io.fieldlink.ingest.mqtt;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryDeserializer;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.ingest.IngestIntegrationTest;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.KafkaNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT ingest end to end: a real HiveMQ broker, a device publishing with Paho v5, the service's shared
 * subscription, and the records read back from Kafka. Shares the one IT context (IngestIntegrationTest).
 */
@IngestIntegrationTest
class MqttIngestIT {

    static final String TENANT = IngestIntegrationTest.TENANT;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Value("${fieldlink.test.mqtt.url}")
    String mqttUrl;
    @Autowired
    MqttInboundAdapter adapter;
    @Autowired
    MeterRegistry meters;

    MqttClient device;

    @BeforeEach
    void connectDevice() throws MqttException {
        device = new MqttClient(mqttUrl, "it-device-" + UUID.randomUUID(), new MemoryPersistence());
        device.setTimeToWait(10_000);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        device.connect(options);
        awaitIngestSubscribed();
    }

    @AfterEach
    void disconnectDevice() throws MqttException {
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
    }

    static String topic(String deviceId) {
        return "tenants/" + TENANT + "/devices/" + deviceId + "/telemetry";
    }

    static String run() {
        return UUID.randomUUID().toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    void publish(String topic, byte[] payload) throws MqttException {
        publish(topic, payload, null);
    }

    /** QoS 1: returns once the broker acknowledged the message (not the ingest service). */
    void publish(String topic, byte[] payload, String correlationData) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        if (correlationData != null) {
            MqttProperties properties = new MqttProperties();
            properties.setCorrelationData(utf8(correlationData));
            message.setProperties(properties);
        }
        device.publish(topic, message);
    }

    TopicReader<TelemetryReceived> telemetry() {
        return new TopicReader<>(bootstrapServers, Topics.TELEMETRY.name(), new TelemetryDeserializer());
    }

    TopicReader<byte[]> deadLetters() {
        return new TopicReader<>(bootstrapServers, Topics.INGEST_DLQ.name(), new ByteArrayDeserializer());
    }

    static boolean hasRun(ConsumerRecord<String, TelemetryReceived> record, String run) {
        return run.equals(record.value().attributes().get("run"));
    }

    double count(String outcome, String reason) {
        Counter counter = meters.find(IngestMetrics.REQUESTS)
                .tags("protocol", "mqtt", "outcome", outcome, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    double unavailable() {
        Counter counter = meters.find(IngestMetrics.REQUESTS)
                .tags("protocol", "mqtt", "outcome", "failed", "reason", "kafka-unavailable").counter();
        return counter == null ? 0 : counter.count();
    }

    /** The subscription is made asynchronously at startup: probe until a message goes through. */
    void awaitIngestSubscribed() {
        String probe = run();
        try (var telemetry = telemetry()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                publish(topic("295000000000000"), utf8("{\"probe\":1,\"run\":\"" + probe + "\"}"));
                return telemetry.pollFor(r -> hasRun(r, probe));
            });
        }
    }

    @Test
    void aJsonMessageOnTheDeviceTopicIsPublishedUnderItsTenantAndDevice() throws MqttException {
        String imsi = "295000000000101";
        String run = run();
        byte[] payload = utf8("{\"temperature\":21.5,\"soil\":{\"moisture\":0.31},\"levels\":[1,2],\"battery\":\"ok\","
                + "\"run\":\"" + run + "\",\"timestamp\":\"2026-11-27T10:00:00Z\"}");

        publish(topic(imsi), payload, "it-corr-" + run);

        try (var telemetry = telemetry()) {
            ConsumerRecord<String, TelemetryReceived> record = telemetry.first(r -> hasRun(r, run));
            assertThat(record.key()).isEqualTo(imsi);
            assertThat(TopicReader.header(record, RecordHeaders.TENANT_ID)).isEqualTo(TENANT);
            assertThat(TopicReader.header(record, RecordHeaders.CORRELATION_ID)).isEqualTo("it-corr-" + run);
            TelemetryReceived event = record.value();
            assertThat(event.tenantId()).isEqualTo(TENANT);
            assertThat(event.deviceId()).isEqualTo(imsi);
            assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.MQTT);
            assertThat(event.identity()).isEqualTo(DeviceIdentity.NONE);
            assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
            assertThat(event.receivedTime()).isAfter(Instant.now().minusSeconds(60));
            assertThat(event.measurements()).containsOnly(Map.entry("temperature", 21.5), Map.entry("soil.moisture", 0.31),
                    Map.entry("levels.0", 1.0), Map.entry("levels.1", 2.0));
            assertThat(event.attributes()).containsOnly(Map.entry("battery", "ok"), Map.entry("run", run));
            assertThat(event.messageId()).isEqualTo(MessageIds.of(imsi,
                    Instant.parse("2026-11-27T10:00:00Z").toEpochMilli(), MessageIds.sha256Hex(payload)));
        }
    }

    @Test
    void theSameMessageDeliveredTwiceCarriesTheSameMessageId() throws MqttException {
        String imsi = "295000000000102";
        String run = run();
        byte[] payload = utf8("{\"t\":1,\"run\":\"" + run + "\"}"); // no timestamp: id from the bytes alone

        publish(topic(imsi), payload);
        publish(topic(imsi), payload);

        try (var telemetry = telemetry()) {
            List<ConsumerRecord<String, TelemetryReceived>> copies = telemetry.readUntil(r -> hasRun(r, run), 2,
                    Duration.ofSeconds(30)).stream().filter(r -> hasRun(r, run)).toList();
            assertThat(copies).hasSize(2).extracting(r -> r.value().messageId())
                    .containsOnly(MessageIds.of(imsi, 0, MessageIds.sha256Hex(payload)));
        }
    }

    @Test
    void aBinaryPacketIsDecodedWithTheDevicesFormatAndOneThatDoesNotFitIsDeadLettered() throws MqttException {
        String device = IngestIntegrationTest.MQTT_BINARY_DEVICE;
        // potato-sensor layout: 21.37 degC, 62.4 %, soil 0.347, 3.652 V, epoch second 1764237600
        byte[] frame = {0x08, 0x59, 0x02, 0x70, 0x01, 0x5b, 0x0e, 0x44, 0x69, 0x28, 0x21, 0x20};
        long seconds = 1764237600L;
        byte[] cut = {0x08, 0x59, 0x02, 0x70, 0x01};
        double deadBefore = count("dead-lettered", "undecodable");

        publish(topic(device), frame);
        publish(topic(device), cut);

        String messageId = MessageIds.of(device, seconds * 1000, MessageIds.sha256Hex(frame));
        try (var telemetry = telemetry()) {
            TelemetryReceived event = telemetry.first(r -> r.value().messageId().equals(messageId)).value();
            assertThat(event.deviceId()).isEqualTo(device);
            assertThat(event.eventTime()).isEqualTo(Instant.ofEpochSecond(seconds));
            assertThat(event.measurements()).containsOnly(Map.entry("temperature", 21.37), Map.entry("humidity", 62.4),
                    Map.entry("soil.moisture", 0.347), Map.entry("battery", 3.652));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("dead-lettered", "undecodable") > deadBefore);
        try (var dlq = deadLetters()) {
            ConsumerRecord<String, byte[]> record = dlq.first(r -> device.equals(r.key()) && Arrays.equals(r.value(), cut));
            assertThat(TopicReader.header(record, RecordHeaders.DLQ_REASON)).startsWith("undecodable: packet has 5 bytes");
        }
    }

    @Test
    void poisonMessagesAreDeadLetteredOnceAndNeverRedelivered() throws MqttException {
        String imsi = "295000000000103";
        String invalid = run();
        String binary = run();
        String tooLarge = run();
        String badTopic = run();
        byte[] invalidJson = utf8("{\"run\":\"" + invalid + "\",");
        byte[] binaryFrame = concat(new byte[] {0x01, 0x02, (byte) 0xff}, utf8(binary));
        byte[] oversized = utf8("{\"run\":\"" + tooLarge + "\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
        byte[] onBadTopic = utf8("{\"run\":\"" + badTopic + "\"}");
        String emptyDeviceLevel = "tenants/" + TENANT + "/devices//telemetry";

        publish(topic(imsi), invalidJson);
        publish(topic(imsi), binaryFrame);
        publish(topic(imsi), oversized);
        publish(emptyDeviceLevel, onBadTopic);

        try (var dlq = deadLetters()) {
            List<String> markers = List.of(invalid, binary, tooLarge, badTopic);
            dlq.readUntil(r -> markers.stream().anyMatch(m -> contains(r.value(), m)), 4, Duration.ofSeconds(30));
            ConsumerRecord<String, byte[]> invalidRecord = only(dlq, invalid);
            assertThat(invalidRecord.key()).isEqualTo(imsi);
            assertThat(invalidRecord.value()).isEqualTo(invalidJson);
            assertThat(TopicReader.header(invalidRecord, RecordHeaders.DLQ_REASON))
                    .startsWith("malformed: the payload is not valid JSON");
            assertThat(TopicReader.header(invalidRecord, RecordHeaders.SOURCE_PROTOCOL)).isEqualTo("mqtt");

            ConsumerRecord<String, byte[]> binaryRecord = only(dlq, binary);
            assertThat(binaryRecord.value()).isEqualTo(binaryFrame);
            assertThat(TopicReader.header(binaryRecord, RecordHeaders.DLQ_REASON))
                    .isEqualTo("unsupported-payload: the payload is not a JSON object and no binary format applies");

            ConsumerRecord<String, byte[]> largeRecord = only(dlq, tooLarge);
            assertThat(largeRecord.value()).isEqualTo(oversized);
            assertThat(TopicReader.header(largeRecord, RecordHeaders.DLQ_REASON))
                    .isEqualTo("too-large: payload has " + oversized.length + " bytes, max-body-size is 65536");

            ConsumerRecord<String, byte[]> topicRecord = only(dlq, badTopic);
            assertThat(topicRecord.key()).isEqualTo("mqtt:" + emptyDeviceLevel);
            assertThat(TopicReader.header(topicRecord, RecordHeaders.DLQ_REASON)).startsWith("unknown-device: unknown topic shape: ");
            assertThat(TopicReader.header(topicRecord, RecordHeaders.SOURCE_PROTOCOL)).isEqualTo("mqtt");

            // acknowledged: a new connection resuming the session gets none of them again
            adapter.stop();
            adapter.start();
            String after = run();
            publish(topic(imsi), utf8("{\"run\":\"" + after + "\"}"));
            try (var telemetry = telemetry()) {
                telemetry.first(r -> hasRun(r, after));
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    markers.stream().allMatch(m -> dlq.poll(r -> contains(r.value(), m)).size() == 1));
        } finally {
            if (!adapter.isRunning()) {
                adapter.start();
            }
        }
    }

    @Test
    void withKafkaDownAMessageIsNotAcknowledgedAndArrivesOnceKafkaIsBack() throws MqttException {
        String imsi = "295000000000104";
        String run = run();
        byte[] payload = utf8("{\"t\":4,\"run\":\"" + run + "\",\"timestamp\":1764237600}");
        double failedBefore = unavailable();
        KafkaNode kafka = KafkaExtension.node();

        kafka.stop();
        try {
            publish(topic(imsi), payload); // the broker has it (QoS 1); ingest cannot store it
            // not acknowledged: after ingest's reconnect the broker delivers it again (and again)
            await().atMost(Duration.ofSeconds(45)).until(() -> unavailable() >= failedBefore + 2);
        } finally {
            kafka.start();
        }

        // ... until Kafka takes it
        try (var telemetry = telemetry()) {
            List<ConsumerRecord<String, TelemetryReceived>> arrived = telemetry.readUntil(r -> hasRun(r, run), 1,
                    Duration.ofSeconds(60)).stream().filter(r -> hasRun(r, run)).toList();
            assertThat(arrived).extracting(r -> r.value().messageId())
                    .containsOnly(MessageIds.of(imsi, 1764237600000L, MessageIds.sha256Hex(payload)));
            assertThat(arrived).extracting(ConsumerRecord::key).containsOnly(imsi);
        }
    }

    @Test
    void anUnacknowledgedMessageOutlivesTheIngestConnection() throws MqttException {
        String imsi = "295000000000105";
        String run = run();
        byte[] payload = utf8("{\"t\":5,\"run\":\"" + run + "\"}");
        double failedBefore = unavailable();
        KafkaNode kafka = KafkaExtension.node();

        try {
            kafka.stop();
            try {
                publish(topic(imsi), payload);
                await().atMost(Duration.ofSeconds(30)).until(() -> unavailable() > failedBefore);
                adapter.stop(); // ingest goes away (as if it crashed) holding an unacknowledged message
            } finally {
                kafka.start();
            }
            adapter.start(); // same client id: the session, and the message in it, are resumed

            try (var telemetry = telemetry()) {
                ConsumerRecord<String, TelemetryReceived> record = telemetry.readUntil(r -> hasRun(r, run), 1,
                        Duration.ofSeconds(60)).stream().filter(r -> hasRun(r, run)).findFirst().orElseThrow();
                assertThat(record.value().messageId()).isEqualTo(MessageIds.of(imsi, 0, MessageIds.sha256Hex(payload)));
            }
        } finally {
            if (!adapter.isRunning()) {
                adapter.start();
            }
        }
    }

    private static ConsumerRecord<String, byte[]> only(TopicReader<byte[]> dlq, String marker) {
        List<ConsumerRecord<String, byte[]>> records = dlq.poll(r -> contains(r.value(), marker));
        assertThat(records).as(marker).hasSize(1);
        return records.getFirst();
    }

    private static boolean contains(byte[] value, String marker) {
        return value != null && new String(value, StandardCharsets.ISO_8859_1).contains(marker);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
