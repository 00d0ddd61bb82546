package io.fieldlink.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandStatusChangedJsonTest {

    private final CommandStatusChanged executed = new CommandStatusChanged(
            "c-1", "OP0000000001", "295000000000001", "sprinkler", Map.of("state", "on"),
            CommandTransport.LWM2M, CommandStatus.EXECUTED, 2, 4, null, Map.of("valve", "open"),
            Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T11:00:00Z"),
            Instant.parse("2026-11-27T10:00:03.250Z"), "rule:farm-heat:a-1:raised");

    @Test
    void roundTripsThroughTheTopicSerde() {
        var serde = JsonSerde.forValuesOf(Topics.COMMAND_STATUS);
        byte[] bytes = serde.serializer().serialize(Topics.COMMAND_STATUS.name(), executed);

        assertThat(serde.deserializer().deserialize(Topics.COMMAND_STATUS.name(), bytes)).isEqualTo(executed);
    }

    @Test
    void writesLowerCaseWireNamesAndLeavesOutNulls() {
        String json = new String(ContractJson.write(executed), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"status\":\"executed\"")
                .contains("\"transport\":\"lwm2m\"")
                .contains("\"occurredAt\":\"2026-11-27T10:00:03.250Z\"")
                .doesNotContain("detail");
        assertThat(CommandStatus.fromWireName("expired")).isEqualTo(CommandStatus.EXPIRED);
        assertThat(CommandTransport.fromWireName("mqtt")).isEqualTo(CommandTransport.MQTT);
    }

    @Test
    void onlyExecutedFailedAndExpiredAreTerminal() {
        assertThat(CommandStatus.values()).filteredOn(CommandStatus::isTerminal)
                .containsExactly(CommandStatus.EXECUTED, CommandStatus.FAILED, CommandStatus.EXPIRED);
    }

    @Test
    void defaultsTheTransportCopiesMapsAndRequiresIdentity() {
        var parameters = new HashMap<>(Map.of("state", "on"));
        var queued = new CommandStatusChanged("c-2", "t", "d", "sprinkler", parameters, null, CommandStatus.QUEUED,
                0, 1, null, null, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null);
        parameters.put("extra", "x");

        assertThat(queued.transport()).isEqualTo(CommandTransport.AUTO);
        assertThat(queued.parameters()).containsOnlyKeys("state");
        assertThat(queued.result()).isNull();
        assertThatThrownBy(() -> new CommandStatusChanged(null, "t", "d", "n", null, null, CommandStatus.QUEUED,
                0, 1, null, null, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void deviceCommandRoundTrips() {
        var command = new DeviceCommand("c-1", "sprinkler", Map.of("state", "off"), Instant.parse("2026-11-27T11:00:00Z"));

        assertThat(ContractJson.read(ContractJson.write(command), DeviceCommand.class)).isEqualTo(command);
    }
}
