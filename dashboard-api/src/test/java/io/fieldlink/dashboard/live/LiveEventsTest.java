package io.fieldlink.dashboard.live;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveEventsTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void aReadingBecomesAReadingEventWithItsContractJson() {
        TelemetryReceived reading = new TelemetryReceived("OP-A", "dev-1", "m-1", T, T, SourceProtocol.HTTP,
                DeviceIdentity.NONE, Map.of("temperature", 21.5), Map.of("field", "北"));

        LiveEvent event = LiveEvents.from("iot.telemetry.v1", ContractJson.write(reading)).orElseThrow();

        assertThat(event.type()).isEqualTo(EventType.READING);
        assertThat(event.tenantId()).isEqualTo("OP-A");
        assertThat(event.deviceId()).isEqualTo("dev-1");
        assertThat(event.json()).doesNotContain("\n");
        assertThat(ContractJson.read(event.json().getBytes(StandardCharsets.UTF_8), TelemetryReceived.class))
                .isEqualTo(reading);
    }

    @Test
    void aCommandStatusBecomesACommandEvent() {
        CommandStatusChanged command = new CommandStatusChanged("c-1", "OP-B", "dev-2", "sprinkler", Map.of("state",
                "on"), null, CommandStatus.EXECUTED, 1, 4, null, null, T, T.plusSeconds(60), T, null);

        LiveEvent event = LiveEvents.from("iot.command-status.v1", ContractJson.write(command)).orElseThrow();

        assertThat(event.type()).isEqualTo(EventType.COMMAND);
        assertThat(event.tenantId()).isEqualTo("OP-B");
        assertThat(ContractJson.read(event.json().getBytes(StandardCharsets.UTF_8), CommandStatusChanged.class))
                .isEqualTo(command);
    }

    @Test
    void invalidMissingOrForeignRecordsAreSkipped() {
        assertThat(LiveEvents.from("iot.alerts.v1", "{\"alertId\": oops".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(LiveEvents.from("iot.alerts.v1", "{\"alertId\":\"a-1\"}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty(); // required fields missing
        assertThat(LiveEvents.from("iot.telemetry.v1", null)).isEmpty();
        assertThat(LiveEvents.from("iot.other.v1", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void typesParameter() {
        assertThat(EventType.parse(null)).isEqualTo(EnumSet.allOf(EventType.class));
        assertThat(EventType.parse(" ")).isEqualTo(EnumSet.allOf(EventType.class));
        assertThat(EventType.parse("alert, Command")).isEqualTo(EnumSet.of(EventType.ALERT, EventType.COMMAND));
        assertThatThrownBy(() -> EventType.parse("reading,alerts"))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo("invalid-parameter");
                    assertThat(e.getMessage()).contains("'alerts'");
                });
    }
}
