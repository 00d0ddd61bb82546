package io.fieldlink.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryReceivedJsonTest {

    private final TelemetryReceived event = new TelemetryReceived(
            "OP0000000001", "295000012345678", "m-1",
            Instant.parse("2026-11-27T10:00:00.123Z"), Instant.parse("2026-11-27T10:00:01Z"),
            SourceProtocol.BEAM_HTTP, new DeviceIdentity("295000012345678", "860000012345678", null, null),
            Map.of("temperature", 21.5, "soil.moisture", 0.31), Map.of("firmware", "1.2.0"));

    @Test
    void roundTripsThroughJson() {
        byte[] json = ContractJson.write(event);
        assertThat(ContractJson.read(json, TelemetryReceived.class)).isEqualTo(event);
    }

    @Test
    void writesIsoInstantsWireNamesAndNoNulls() {
        String json = new String(ContractJson.write(event), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"eventTime\":\"2026-11-27T10:00:00.123Z\"")
                .contains("\"sourceProtocol\":\"beam-http\"")
                .doesNotContain("msisdn");
    }

    @Test
    void ignoresFieldsAddedByANewerWriter() {
        String json = new String(ContractJson.write(event), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\":42,");
        assertThat(ContractJson.read(json.getBytes(StandardCharsets.UTF_8), TelemetryReceived.class)).isEqualTo(event);
    }

    @Test
    void serdeRoundTrips() {
        var serde = JsonSerde.forValuesOf(Topics.TELEMETRY);
        byte[] bytes = serde.serializer().serialize(Topics.TELEMETRY.name(), event);
        assertThat(serde.deserializer().deserialize(Topics.TELEMETRY.name(), bytes)).isEqualTo(event);
        assertThat(new TelemetryDeserializer().deserialize("t", new TelemetrySerializer().serialize("t", event)))
                .isEqualTo(event);
    }

    @Test
    void requiresIdentityFieldsAndCopiesMaps() {
        assertThatThrownBy(() -> new TelemetryReceived(null, "d", "m", Instant.EPOCH, Instant.EPOCH,
                SourceProtocol.HTTP, null, null, null)).isInstanceOf(NullPointerException.class);
        var mutable = new java.util.HashMap<String, Double>(Map.of("a", 1.0));
        var e = new TelemetryReceived("t", "d", "m", Instant.EPOCH, Instant.EPOCH, SourceProtocol.HTTP, null, mutable, null);
        mutable.put("b", 2.0);
        assertThat(e.measurements()).containsOnlyKeys("a");
        assertThat(e.identity()).isEqualTo(DeviceIdentity.NONE);
    }

    @Test
    void catalogueNamesEveryTopicWithVersionSuffix() {
        assertThat(Topics.ALL).extracting(Topic::name).allMatch(n -> n.matches("iot\\.[a-z-]+(\\.dlq)?\\.v\\d+"));
    }
}
