package io.fieldlink.ingest.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttTopicSchemeTest {

    private final MqttTopicScheme scheme = MqttTopicScheme.of("tenants/{tenantId}/devices/{deviceId}/telemetry", List.of());

    @Test
    void placeholdersBecomeSingleLevelWildcardsOfASharedSubscription() {
        assertThat(scheme.topicFilter()).isEqualTo("tenants/+/devices/+/telemetry");
        assertThat(scheme.sharedSubscription("fieldlink-ingest")).isEqualTo("$share/fieldlink-ingest/tenants/+/devices/+/telemetry");
    }

    @Test
    void readsTenantAndDeviceFromTheTopic() {
        assertThat(scheme.match("tenants/OP0000000001/devices/295000012345678/telemetry"))
                .isEqualTo(new MqttTopicScheme.Device("OP0000000001", "295000012345678"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "tenants/OP0000000001/devices//telemetry ; the device id level must hold 1 to 128 characters",
            "tenants//devices/295000012345678/telemetry ; the tenant id level must hold 1 to 128 characters",
            "tenants/OP0000000001/devices/295000012345678/status ; does not match tenants/{tenantId}/devices/{deviceId}/telemetry",
            "tenants/OP0000000001/devices/295000012345678/telemetry/x ; does not match",
            "devices/295000012345678/telemetry ; does not match",
    })
    void topicsOfAnotherShapeAreMismatches(String topic, String reason) {
        var match = scheme.match(topic.trim());
        assertThat(match).isInstanceOfSatisfying(MqttTopicScheme.Mismatch.class, m -> {
            assertThat(m.reason()).startsWith("unknown topic shape: ").contains(reason.trim());
            assertThat(m.forbidden()).isFalse();
            assertThat(m.deviceId()).isNull();
        });
    }

    @Test
    void anOverlongDeviceIdIsAMismatch() {
        assertThat(scheme.match("tenants/OP1/devices/" + "9".repeat(129) + "/telemetry"))
                .isInstanceOf(MqttTopicScheme.Mismatch.class);
        assertThat(scheme.match("tenants/OP1/devices/" + "9".repeat(128) + "/telemetry"))
                .isInstanceOf(MqttTopicScheme.Device.class);
    }

    @Test
    void aTenantListRestrictsTheTenantsServed() {
        var restricted = MqttTopicScheme.of("tenants/{tenantId}/devices/{deviceId}/telemetry", List.of("OP0000000001"));

        assertThat(restricted.match("tenants/OP0000000001/devices/1/telemetry"))
                .isEqualTo(new MqttTopicScheme.Device("OP0000000001", "1"));
        assertThat(restricted.match("tenants/OP0000000999/devices/1/telemetry"))
                .isEqualTo(new MqttTopicScheme.Mismatch(
                        "tenant OP0000000999 is not served by this MQTT connection (fieldlink.ingest.mqtt.tenants)",
                        true, "OP0000000999", "1"));
    }

    @Test
    void withoutATenantLevelTheOneConfiguredTenantIsEveryMessagesTenant() {
        var single = MqttTopicScheme.of("devices/{deviceId}/telemetry", List.of("OP0000000001"));

        assertThat(single.topicFilter()).isEqualTo("devices/+/telemetry");
        assertThat(single.match("devices/295000012345678/telemetry"))
                .isEqualTo(new MqttTopicScheme.Device("OP0000000001", "295000012345678"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "devices/{deviceId}/telemetry ; | ; without a {tenantId} level, tenants must name exactly",
            "devices/{deviceId}/telemetry ; OP1,OP2 ; without a {tenantId} level",
            "tenants/{tenantId}/devices/telemetry ; | ; exactly one {deviceId} level",
            "a/{deviceId}/b/{deviceId} ; | ; exactly one {deviceId} level",
            "{tenantId}/{tenantId}/{deviceId} ; | ; one {tenantId} level at most",
            "devices/+/{deviceId} ; OP1 ; level '+' must be a non-empty literal",
            "devices/#/{deviceId} ; OP1 ; level '#'",
            "devices//{deviceId} ; OP1 ; level ''",
            "devices/x{deviceId} ; OP1 ; level 'x{deviceId}'",
            "$SYS/{deviceId} ; OP1 ; topics starting with $ are the broker's",
    })
    void refusesPatternsItCannotReadBack(String pattern, String tenants, String problem) {
        List<String> served = tenants.trim().equals("|") ? List.of() : List.of(tenants.trim().split(","));
        assertThat(MqttTopicScheme.check(pattern.trim(), served)).contains(problem.trim());
        assertThatThrownBy(() -> MqttTopicScheme.of(pattern.trim(), served))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem.trim());
    }

    @Test
    void acceptsTheDefaultPattern() {
        assertThat(MqttTopicScheme.check("tenants/{tenantId}/devices/{deviceId}/telemetry", List.of())).isNull();
    }
}
