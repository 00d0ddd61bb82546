package io.fieldlink.dashboard;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.testsupport.KafkaExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector against the real broker and node: records on iot.telemetry.v1 become documents,
 * replays stay one document, "last seen" never moves back, and poison records land on the
 * dead-letter topic with a reason without stopping the records behind them.
 */
class ProjectorIT extends DashboardITSupport {

    private static final String TENANT = "OP-ITPROJ";
    private static final String DLQ = "iot.telemetry.dlq.v1";

    @Test
    void aRecordBecomesAReadingAndADeviceDocument() {
        String device = unique("proj-dev");
        String messageId = unique("msg");
        Instant eventTime = Instant.parse("2026-10-05T10:15:30.250Z");
        send(reading(TENANT, device, messageId, eventTime, Map.of("temperature", 21.5, "soil.moisture", 0.31),
                Map.of("firmware", "1.4.2")));

        Map<String, Object> stored = eventually()
                .until(() -> document("fieldlink-telemetry-2026.10", messageId), Optional::isPresent).orElseThrow();

        assertThat(stored).containsEntry("tenantId", TENANT).containsEntry("deviceId", device)
                .containsEntry("messageId", messageId)
                .containsEntry("eventTime", "2026-10-05T10:15:30.250Z")
                .containsEntry("receivedTime", "2026-10-05T10:15:30.500Z")
                .containsEntry("sourceProtocol", "http")
                .containsEntry("measurements", Map.of("soil.moisture", 0.31, "temperature", 21.5))
                .containsEntry("attributes", Map.of("firmware", "1.4.2"));
        // the device document may become visible after the reading's (its own write and refresh)
        Map<String, Object> deviceDocument = eventually()
                .until(() -> document("fieldlink-devices", TENANT + ":" + device), Optional::isPresent).orElseThrow();
        assertThat(deviceDocument).containsEntry("lastSeen", "2026-10-05T10:15:30.250Z")
                .containsEntry("lastMessageId", messageId)
                .containsEntry("measurements", Map.of("soil.moisture", 0.31, "temperature", 21.5));
    }

    @Test
    void aReplayedRecordStaysOneDocument() {
        String device = unique("proj-dev");
        String messageId = unique("msg");
        TelemetryReceived reading = reading(TENANT, device, messageId, Instant.parse("2026-10-06T08:00:00Z"),
                Map.of("temperature", 18.0), Map.of());

        send(reading);
        send(reading);
        send(reading);

        // every delivery was written (the version counts the writes) ...
        eventually().until(() -> version("fieldlink-telemetry-2026.10", messageId) == 3);
        // ... onto the same document
        assertThat(countReadings(messageId)).isEqualTo(1);
    }

    @Test
    void lastSeenNeverMovesBackWhenAnOlderRecordArrivesLater() {
        String device = unique("proj-dev");
        String newer = unique("newer");
        String older = unique("older");
        send(reading(TENANT, device, newer, Instant.parse("2026-10-07T12:00:00Z"), Map.of("temperature", 25.0), Map.of()));
        send(reading(TENANT, device, older, Instant.parse("2026-10-07T11:00:00Z"), Map.of("temperature", 5.0), Map.of()));

        // the older reading is stored (its device update ran in the same bulk, or after the newer one)
        eventually().until(() -> document("fieldlink-telemetry-2026.10", older).isPresent());

        Map<String, Object> deviceDocument = document("fieldlink-devices", TENANT + ":" + device).orElseThrow();
        assertThat(deviceDocument).containsEntry("lastMessageId", newer)
                .containsEntry("lastSeen", "2026-10-07T12:00:00Z")
                .containsEntry("measurements", Map.of("temperature", 25.0));
    }

    @Test
    void anUndeserialisableRecordIsDeadLetteredWithItsReasonAndTheRecordsBehindItFlow() {
        String device = unique("poison-dev");
        byte[] garbage = "{\"tenantId\": \"OP-ITPROJ\", this is not JSON".getBytes(StandardCharsets.UTF_8);
        String after = unique("after-poison");

        sendRaw(device, garbage);
        send(reading(TENANT, device, after, Instant.parse("2026-10-08T09:00:00Z"), Map.of("temperature", 1.0), Map.of()));

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(device);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "fieldlink-dlq-reason")).startsWith("undeserialisable value: ");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("iot.telemetry.v1");
        assertThat(header(dead, "kafka_dlt-original-consumer-group")).isEqualTo("dashboard-projector");
        // the partition did not stall on it
        eventually().until(() -> document("fieldlink-telemetry-2026.10", after).isPresent());
    }

    @Test
    void anInvalidReadingIsDeadLetteredWithItsReason() {
        String device = unique("invalid-dev");
        TelemetryReceived invalid = reading("OP:ITPROJ", device, unique("msg"), Instant.parse("2026-10-08T10:00:00Z"),
                Map.of("temperature", 1.0), Map.of());

        send(invalid);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(device);
        assertThat(header(dead, "fieldlink-dlq-reason")).isEqualTo("tenantId must not contain ':'");
        assertThat(ContractJson.read(dead.value(), TelemetryReceived.class)).isEqualTo(invalid);
    }

    @Test
    void aDocumentTheMappingRefusesIsDeadLetteredWithOpenSearchsReason() {
        String device = unique("mapping-dev");
        String first = unique("first");
        String conflicting = unique("conflicting");
        String after = unique("after");
        // "tank_level" becomes a double in October's index; "tank_level.raw" would need it to be an object
        send(reading(TENANT, device, first, Instant.parse("2026-10-09T10:00:00Z"), Map.of("tank_level", 1.0), Map.of()));
        eventually().until(() -> document("fieldlink-telemetry-2026.10", first).isPresent());
        send(reading(TENANT, device, conflicting, Instant.parse("2026-10-09T10:05:00Z"), Map.of("tank_level.raw", 2.0),
                Map.of()));
        send(reading(TENANT, device, after, Instant.parse("2026-10-09T10:10:00Z"), Map.of("tank_level", 3.0), Map.of()));

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(device);
        assertThat(header(dead, "fieldlink-dlq-reason")).startsWith("OpenSearch rejected the reading document: ")
                .containsAnyOf("mapper_parsing_exception", "document_parsing_exception");
        assertThat(ContractJson.read(dead.value(), TelemetryReceived.class).messageId()).isEqualTo(conflicting);
        eventually().until(() -> document("fieldlink-telemetry-2026.10", after).isPresent());
        assertThat(document("fieldlink-telemetry-2026.10", conflicting)).isEmpty();
        assertThat(document("fieldlink-devices", TENANT + ":" + device).orElseThrow())
                .containsEntry("lastMessageId", after);
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        List<ConsumerRecord<String, byte[]>> matching = eventually()
                .until(() -> KafkaExtension.node().readAll(DLQ).stream().filter(r -> key.equals(r.key())).toList(), list -> !list.isEmpty());
        assertThat(matching).hasSize(1);
        return matching.getFirst();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
