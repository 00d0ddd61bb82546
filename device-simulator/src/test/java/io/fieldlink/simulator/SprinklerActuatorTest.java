package io.fieldlink.simulator;

import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandOutcome;
import io.fieldlink.contracts.DeviceCommandResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SprinklerActuatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:03:00Z");
    private static final String DEVICE = "295000000000001";

    private final List<SprinklerSwitched> switches = new ArrayList<>();
    private final SprinklerActuator sprinkler = new SprinklerActuator(DEVICE, Clock.fixed(NOW, ZoneOffset.UTC), switches::add);

    private List<DeviceCommandResponse> handle(DeviceCommand command) {
        var answers = new ArrayList<DeviceCommandResponse>();
        sprinkler.handle(command, answers::add);
        return answers;
    }

    private static DeviceCommand sprinkler(String id, String state) {
        return new DeviceCommand(id, "sprinkler", Map.of("state", state), NOW.plusSeconds(60));
    }

    @Test
    void onIsDeliveredThenExecutedWithTheNewState() {
        List<DeviceCommandResponse> answers = handle(sprinkler("c-1", "on"));

        assertThat(answers).containsExactly(
                new DeviceCommandResponse("c-1", DeviceCommandOutcome.DELIVERED, Map.of(), null, NOW),
                new DeviceCommandResponse("c-1", DeviceCommandOutcome.EXECUTED, Map.of("state", "on"), null, NOW));
        assertThat(sprinkler.state()).isTrue();
        assertThat(sprinkler.switchedAt()).isEqualTo(NOW);
        assertThat(switches).singleElement().satisfies(switched ->
                assertThat(switched.summary()).isEqualTo("sprinkler of 295000000000001 ON (command c-1)"));
    }

    @Test
    void offSwitchesItOffAgain() {
        handle(sprinkler("c-1", "on"));

        List<DeviceCommandResponse> answers = handle(sprinkler("c-2", "OFF"));

        assertThat(answers).last().isEqualTo(
                new DeviceCommandResponse("c-2", DeviceCommandOutcome.EXECUTED, Map.of("state", "off"), null, NOW));
        assertThat(sprinkler.state()).isFalse();
        assertThat(switches).extracting(SprinklerSwitched::summary).containsExactly(
                "sprinkler of 295000000000001 ON (command c-1)", "sprinkler of 295000000000001 OFF (command c-2)");
    }

    @Test
    void offWhileOffIsExecutedAndSaysSo() {
        List<DeviceCommandResponse> answers = handle(sprinkler("c-1", "off"));

        assertThat(answers).extracting(DeviceCommandResponse::outcome)
                .containsExactly(DeviceCommandOutcome.DELIVERED, DeviceCommandOutcome.EXECUTED);
        assertThat(sprinkler.state()).isFalse();
        assertThat(sprinkler.switchedAt()).isNull();
        assertThat(switches).singleElement().satisfies(switched ->
                assertThat(switched.summary()).isEqualTo("sprinkler of 295000000000001 OFF (already) (command c-1)"));
    }

    @Test
    void anUnknownCommandFailsWithoutActing() {
        List<DeviceCommandResponse> answers = handle(new DeviceCommand("c-1", "valve", Map.of("state", "on"), null));

        assertThat(answers).extracting(DeviceCommandResponse::outcome)
                .containsExactly(DeviceCommandOutcome.DELIVERED, DeviceCommandOutcome.FAILED);
        assertThat(answers.getLast().detail()).isEqualTo("unknown command 'valve': this device knows only 'sprinkler' and 'firmware.update'");
        assertThat(sprinkler.state()).isFalse();
        assertThat(switches).isEmpty();
    }

    @Test
    void aBadStateFailsWithoutActing() {
        List<DeviceCommandResponse> answers = handle(sprinkler("c-1", "full"));

        assertThat(answers.getLast().outcome()).isEqualTo(DeviceCommandOutcome.FAILED);
        assertThat(answers.getLast().detail()).isEqualTo("parameter 'state' must be on or off, got 'full'");
        assertThat(sprinkler.state()).isFalse();
        assertThat(switches).isEmpty();
    }

    @Test
    void aMissingOrExtraParameterFails() {
        DeviceCommandResponse missing = handle(new DeviceCommand("c-1", "sprinkler", Map.of(), null)).getLast();
        DeviceCommandResponse extra = handle(new DeviceCommand("c-2", "sprinkler",
                Map.of("state", "on", "minutes", "5"), null)).getLast();

        assertThat(missing.outcome()).isEqualTo(DeviceCommandOutcome.FAILED);
        assertThat(missing.detail()).isEqualTo("'sprinkler' takes exactly one parameter, 'state' (on or off), got []");
        assertThat(extra.outcome()).isEqualTo(DeviceCommandOutcome.FAILED);
        assertThat(extra.detail()).contains("got [minutes, state]");
        assertThat(sprinkler.state()).isFalse();
    }

    @Test
    void anExpiredCommandFailsWithoutActing() {
        List<DeviceCommandResponse> answers = handle(new DeviceCommand("c-1", "sprinkler", Map.of("state", "on"), NOW));

        assertThat(answers).containsExactly(
                new DeviceCommandResponse("c-1", DeviceCommandOutcome.DELIVERED, Map.of(), null, NOW),
                new DeviceCommandResponse("c-1", DeviceCommandOutcome.FAILED, Map.of(), "expired before execution", NOW));
        assertThat(sprinkler.state()).isFalse();
        assertThat(switches).isEmpty();
    }

    @Test
    void aCommandWithoutExpiryIsExecuted() {
        handle(new DeviceCommand("c-1", "sprinkler", Map.of("state", "on"), null));

        assertThat(sprinkler.state()).isTrue();
    }

    @Test
    void aDuplicateIdRepeatsTheLastAnswerWithoutActingAgain() {
        handle(sprinkler("c-1", "on"));
        handle(sprinkler("c-2", "off"));

        List<DeviceCommandResponse> repeat = handle(sprinkler("c-1", "on"));

        assertThat(repeat).containsExactly(
                new DeviceCommandResponse("c-1", DeviceCommandOutcome.EXECUTED, Map.of("state", "on"), null, NOW));
        assertThat(sprinkler.state()).as("the repeat did not switch it on again").isFalse();
        assertThat(switches).hasSize(2);
    }

    @Test
    void aDuplicateOfAFailedCommandRepeatsTheFailure() {
        handle(sprinkler("c-1", "full"));

        assertThat(handle(sprinkler("c-1", "on"))).singleElement().satisfies(answer -> {
            assertThat(answer.outcome()).isEqualTo(DeviceCommandOutcome.FAILED);
            assertThat(answer.detail()).contains("got 'full'");
        });
        assertThat(sprinkler.state()).isFalse();
    }

    @Test
    void itRemembersTheLastHundredIds() {
        for (int i = 1; i <= SprinklerActuator.REMEMBERED_COMMANDS + 1; i++) {
            handle(sprinkler("c-" + i, "off"));
        }

        assertThat(sprinkler.handle(sprinkler("c-2", "off"), answer -> {
        })).as("c-2 is among the last 100").isFalse();
        assertThat(sprinkler.handle(sprinkler("c-1", "on"), answer -> {
        })).as("c-1 was forgotten: handled as new").isTrue();
        assertThat(sprinkler.state()).isTrue();
    }
}
