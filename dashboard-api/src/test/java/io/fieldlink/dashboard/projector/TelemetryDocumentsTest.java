package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class TelemetryDocumentsTest {

    private static final Instant EVENT = Instant.parse("2026-11-27T10:15:30.123456Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-27T10:15:31Z");

    private final TelemetryDocuments documents = new TelemetryDocuments(new IndexLayout("fieldlink", Granularity.MONTHLY));

    static TelemetryReceived reading(String tenant, String device, String messageId, Instant eventTime,
                                     Map<String, Double> measurements, Map<String, String> attributes) {
        return new TelemetryReceived(tenant, device, messageId, eventTime, RECEIVED, SourceProtocol.BEAM_HTTP,
                new DeviceIdentity("440101234567890", "3534", null, "8981"), measurements, attributes);
    }

    @Test
    void readingDocumentCarriesEveryField() {
        ProjectedReading projected = documents.project(reading("OP0000000001", "dev-1", "msg-1", EVENT,
                Map.of("temperature", 21.5, "soil.moisture", 0.31), Map.of("firmware", "1.4.2")), 7);

        assertThat(projected.position()).isEqualTo(7);
        assertThat(projected.telemetryIndex()).isEqualTo("fieldlink-telemetry-2026.11");
        assertThat(projected.messageId()).isEqualTo("msg-1");
        assertThat(projected.telemetryDocument()).containsExactly(
                entry("tenantId", "OP0000000001"),
                entry("deviceId", "dev-1"),
                entry("messageId", "msg-1"),
                entry("eventTime", "2026-11-27T10:15:30.123456Z"),
                entry("receivedTime", "2026-11-27T10:15:31Z"),
                entry("sourceProtocol", "beam-http"),
                entry("identity", Map.of("imsi", "440101234567890", "imei", "3534", "simId", "8981")),
                entry("measurements", Map.of("soil.moisture", 0.31, "temperature", 21.5)),
                entry("attributes", Map.of("firmware", "1.4.2")));
    }

    @Test
    void deviceDocumentIsKeyedByTenantAndDeviceAndOrderedByEventTime() {
        ProjectedReading projected = documents.project(reading("OP0000000001", "dev-1", "msg-1", EVENT,
                Map.of("temperature", 21.5), Map.of()), 0);

        assertThat(projected.deviceDocumentId()).isEqualTo("OP0000000001:dev-1");
        assertThat(projected.deviceParams()).containsExactly(
                entry("tenantId", "OP0000000001"),
                entry("deviceId", "dev-1"),
                entry("lastSeen", "2026-11-27T10:15:30.123456Z"),
                entry("lastSeenMicros", 1_795_774_530_123_456L),
                entry("lastMessageId", "msg-1"),
                entry("receivedTime", "2026-11-27T10:15:31Z"),
                entry("sourceProtocol", "beam-http"),
                entry("measurements", Map.of("temperature", 21.5)),
                entry("attributes", Map.of()));
    }

    @Test
    void noIdentityMeansNoIdentityObject() {
        TelemetryReceived bare = new TelemetryReceived("OP1", "dev-1", "m", EVENT, RECEIVED, SourceProtocol.MQTT,
                null, null, null);

        ProjectedReading projected = documents.project(bare, 0);

        assertThat(projected.telemetryDocument()).doesNotContainKey("identity")
                .containsEntry("measurements", Map.of()).containsEntry("attributes", Map.of())
                .containsEntry("sourceProtocol", "mqtt");
    }

    @Test
    void nonFiniteAndNullValuesAreLeftOut() {
        Map<String, Double> measurements = new HashMap<>();
        measurements.put("ok", 1.0);
        measurements.put("nan", Double.NaN);
        measurements.put("inf", Double.POSITIVE_INFINITY);
        measurements.put("null", null);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("a", "x");
        attributes.put("b", null);

        ProjectedReading projected = documents.project(reading("OP1", "d", "m", EVENT, measurements, attributes), 0);

        assertThat(projected.telemetryDocument()).containsEntry("measurements", Map.of("ok", 1.0))
                .containsEntry("attributes", Map.of("a", "x"));
    }

    @Test
    void epochMicros() {
        assertThat(TelemetryDocuments.epochMicros(Instant.parse("1970-01-01T00:00:01.000002Z"))).isEqualTo(1_000_002L);
        assertThat(TelemetryDocuments.epochMicros(Instant.parse("2026-11-27T10:15:30.123456789Z")))
                .isEqualTo(1_795_774_530_123_456L);
    }

    @Test
    void refusesWhatTheReadModelCannotHold() {
        assertPoison(reading("OP:1", "d", "m", EVENT, Map.of(), Map.of()), "tenantId must not contain ':'");
        assertPoison(reading(" ", "d", "m", EVENT, Map.of(), Map.of()), "tenantId is blank");
        assertPoison(reading("OP1", "", "m", EVENT, Map.of(), Map.of()), "deviceId is blank");
        assertPoison(reading("OP1", "d", "x".repeat(513), EVENT, Map.of(), Map.of()), "messageId exceeds 512 bytes");
        assertPoison(reading("OP1", "ü".repeat(257), "m", EVENT, Map.of(), Map.of()), "deviceId exceeds 512 bytes");
        assertPoison(reading("O".repeat(300), "d".repeat(300), "m", EVENT, Map.of(), Map.of()),
                "tenantId and deviceId together exceed 512 bytes");
        assertPoison(reading("OP1", "d", "m", Instant.parse("1969-12-31T23:59:59Z"), Map.of(), Map.of()),
                "eventTime 1969-12-31T23:59:59Z is outside the years 1970-9999");
        assertPoison(reading("OP1", "d", "m", Instant.parse("+10000-01-01T00:00:00Z"), Map.of(), Map.of()),
                "is outside the years 1970-9999");
    }

    @Test
    void refusesFieldNamesOpenSearchCannotMap() {
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of("", 1.0), Map.of()), "measurement name is empty");
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of(".a", 1.0), Map.of()), "leading, trailing or doubled '.'");
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of("a.", 1.0), Map.of()), "leading, trailing or doubled '.'");
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of("a..b", 1.0), Map.of()), "leading, trailing or doubled '.'");
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of("x".repeat(256), 1.0), Map.of()), "exceeds 255 characters");
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of(), Map.of(" ", "v")), "attribute name is empty");
    }

    @Test
    void refusesAValueThatIsAlsoAnObject() {
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of("soil", 1.0, "soil.temp", 2.0), Map.of()),
                "measurement names 'soil' and 'soil.temp' conflict");
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of("soil", 1.0, "soil-x", 3.0, "soil.temp", 2.0), Map.of()),
                "measurement names 'soil' and 'soil.temp' conflict");
        assertPoison(reading("OP1", "d", "m", EVENT, Map.of(), Map.of("fw", "1", "fw.build", "7")),
                "attribute names 'fw' and 'fw.build' conflict");
    }

    @Test
    void namesThatOnlyShareAPrefixAreFine() {
        TelemetryDocuments.requireFieldNames("measurement", List.of("soil", "soil-x", "soilx.temp", "soil_temp", "so.il"));
    }

    private void assertPoison(TelemetryReceived reading, String reason) {
        assertThatThrownBy(() -> documents.project(reading, 0))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining(reason);
    }
}
