package io.fieldlink.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceProfileChangedJsonTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void roundTripsEveryField() {
        DeviceProfileChanged profile = new DeviceProfileChanged("OP0000000001", "295000000000001",
                Set.of("greenhouse", "potato"), T, new DeviceIdentity("295000000000001", "860000000000001", null, null),
                T.minusSeconds(3600), T.minusSeconds(5), SourceProtocol.MQTT, "North sensor",
                Map.of("row", "7"), Set.of("field-north"), 4L);

        assertThat(ContractJson.read(ContractJson.write(profile), DeviceProfileChanged.class)).isEqualTo(profile);
    }

    @Test
    void readsARecordOfTheFirstVersionWithEmptyNewFieldsAndRevisionZero() {
        String firstVersion = """
                {"tenantId":"OP0000000001","deviceId":"d1","tags":["greenhouse"],"changedAt":"2026-11-27T10:00:00Z"}""";

        DeviceProfileChanged read = ContractJson.read(firstVersion.getBytes(StandardCharsets.UTF_8),
                DeviceProfileChanged.class);

        assertThat(read).isEqualTo(new DeviceProfileChanged("OP0000000001", "d1", Set.of("greenhouse"), T));
        assertThat(read.revision()).isZero();
        assertThat(read.metadata()).isEmpty();
        assertThat(read.groups()).isEmpty();
        assertThat(read.identity()).isNull();
    }

    @Test
    void theFourArgumentConstructorWritesWhatTheFirstVersionWrote() {
        String json = new String(ContractJson.write(new DeviceProfileChanged("OP0000000001", "d1", Set.of("b", "a"), T)),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"tags\":[\"a\",\"b\"]").doesNotContain("identity").doesNotContain("firstSeen")
                .doesNotContain("displayName");
    }
}
