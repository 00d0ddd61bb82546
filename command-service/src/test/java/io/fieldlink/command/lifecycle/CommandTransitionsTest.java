package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandTransport;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static io.fieldlink.command.lifecycle.BookFixture.T0;
import static io.fieldlink.command.lifecycle.BookFixture.request;
import static io.fieldlink.contracts.CommandStatus.DELIVERED;
import static io.fieldlink.contracts.CommandStatus.EXECUTED;
import static io.fieldlink.contracts.CommandStatus.EXPIRED;
import static io.fieldlink.contracts.CommandStatus.FAILED;
import static io.fieldlink.contracts.CommandStatus.QUEUED;
import static io.fieldlink.contracts.CommandStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTransitionsTest {

    @Test
    void theLegalMovesAreExactlyThese() {
        assertThat(legalFrom(QUEUED)).containsExactlyInAnyOrder(SENT, DELIVERED, EXECUTED, FAILED, EXPIRED);
        assertThat(legalFrom(SENT)).containsExactlyInAnyOrder(SENT, QUEUED, DELIVERED, EXECUTED, FAILED, EXPIRED);
        assertThat(legalFrom(DELIVERED)).containsExactlyInAnyOrder(EXECUTED, FAILED, EXPIRED);
        assertThat(legalFrom(EXECUTED)).isEmpty();
        assertThat(legalFrom(FAILED)).isEmpty();
        assertThat(legalFrom(EXPIRED)).isEmpty();
    }

    @Test
    void anIllegalMoveIsRejectedAndChangesNothing() {
        TrackedCommand command = TrackedCommand.queued(request("c-1"), CommandTransport.MQTT, T0.plusSeconds(60), T0);
        command.moveTo(SENT, T0, null, null);
        command.moveTo(EXECUTED, T0, null, null);

        assertThatThrownBy(() -> command.moveTo(SENT, T0, null, null))
                .isInstanceOf(CommandTransitions.IllegalTransitionException.class)
                .hasMessage("command c-1 cannot go from executed to sent");
        assertThat(command.snapshot().status()).isEqualTo(EXECUTED);
        assertThat(command.snapshot().sequence()).isEqualTo(3);
        assertThat(command.attempt()).isEqualTo(1);
    }

    @Test
    void onlyAMoveToSentCountsAnAttempt() {
        TrackedCommand command = TrackedCommand.queued(request("c-1"), CommandTransport.MQTT, T0.plusSeconds(60), T0);

        command.moveTo(SENT, T0, null, null);
        command.moveTo(QUEUED, T0, "retry", null);
        command.moveTo(SENT, T0, null, null);
        command.moveTo(SENT, T0, null, null);
        command.moveTo(DELIVERED, T0, null, null);

        assertThat(command.attempt()).isEqualTo(3);
        assertThat(command.snapshot().sequence()).isEqualTo(6);
        assertThatThrownBy(() -> command.moveTo(QUEUED, T0, null, null))
                .isInstanceOf(CommandTransitions.IllegalTransitionException.class);
    }

    private static EnumSet<CommandStatus> legalFrom(CommandStatus from) {
        EnumSet<CommandStatus> legal = EnumSet.noneOf(CommandStatus.class);
        for (CommandStatus to : CommandStatus.values()) {
            if (CommandTransitions.isLegal(from, to)) {
                legal.add(to);
            }
        }
        return legal;
    }
}
