package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.fieldlink.command.lifecycle.BookFixture.DEVICE;
import static io.fieldlink.command.lifecycle.BookFixture.TENANT;
import static io.fieldlink.command.lifecycle.BookFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

/** A restart: a second book rebuilt from the first one's journal (its published transitions). */
class CommandReplayTest {

    private static final String OTHER_DEVICE = "295000000000002";

    private final BookFixture before = new BookFixture();
    private final BookFixture after = new BookFixture();

    private void restart() {
        after.clock.set(before.clock.instant());
        // the journal is read at least once: every record twice must change nothing
        for (CommandStatusChanged record : List.copyOf(before.events)) {
            after.book.replay(record);
            after.book.replay(record);
        }
    }

    @Test
    void finishedCommandsAreNeverResentAndAnUnacknowledgedSendIsResentWithTheSameId() {
        before.accept("done");
        before.book.executed("done", Map.of("valve", "open"));
        before.accept("in-flight");
        before.accept("waiting");
        before.book.accept(request("failed", OTHER_DEVICE, null), CommandTransport.AUTO);
        before.book.failed("failed", "unknown command", true);

        restart();
        assertThat(after.events).as("replay publishes nothing").isEmpty();
        assertThat(after.sends).as("replay sends nothing").isEmpty();
        after.book.tick(after.clock.instant());

        assertThat(after.sentIds()).containsExactly("in-flight#2");
        CommandDispatch resend = after.sends.getFirst();
        assertThat(resend.command().commandId()).isEqualTo("in-flight");
        assertThat(resend.command().expiresAt()).isEqualTo(before.last("in-flight").expiresAt());
        CommandStatusChanged resent = after.last("in-flight");
        assertThat(resent.status()).isEqualTo(CommandStatus.SENT);
        assertThat(resent.sequence()).isEqualTo(before.last("in-flight").sequence() + 1);

        assertThat(after.status("done")).isEqualTo(CommandStatus.EXECUTED);
        assertThat(after.book.find(TENANT, "done").orElseThrow().result()).containsEntry("valve", "open");
        assertThat(after.status("failed")).isEqualTo(CommandStatus.FAILED);
        assertThat(after.status("waiting")).as("stays queued behind the resend").isEqualTo(CommandStatus.QUEUED);

        after.book.delivered("in-flight");
        assertThat(after.sentIds()).containsExactly("in-flight#2", "waiting#1");
    }

    @Test
    void aRepeatedRequestAfterTheRestartIsRecognised() {
        before.accept("done");
        before.book.executed("done", null);

        restart();
        Acceptance again = after.accept("done");

        assertThat(again.created()).isFalse();
        assertThat(again.command().status()).isEqualTo(CommandStatus.EXECUTED);
        assertThat(after.sends).isEmpty();
    }

    @Test
    void aCommandWaitingForItsRetryGoesWithTheNextAttempt() {
        before.accept("c-1");
        before.advance(Duration.ofSeconds(30));

        restart();
        after.book.tick(after.clock.instant());

        assertThat(after.sentIds()).containsExactly("c-1#2");
    }

    @Test
    void aDeliveredCommandIsNotResentAndStillExpires() {
        before.book.accept(request("c-1", DEVICE, Duration.ofMinutes(1)), CommandTransport.AUTO);
        before.book.delivered("c-1");
        before.accept("c-2");

        restart();
        after.book.tick(after.clock.instant());
        assertThat(after.sentIds()).as("only the unacknowledged one behind it").containsExactly("c-2#2");

        after.advance(Duration.ofMinutes(1));
        assertThat(after.history("c-1")).containsExactly("expired/1");
    }

    @Test
    void theReplayedBookKeepsTheDevicesOrder() {
        before.book.deviceOffline(DEVICE);
        before.accept("c-1");
        before.accept("c-2");
        before.accept("c-3");

        restart();
        after.book.tick(after.clock.instant());
        after.book.executed("c-1", null);
        after.book.executed("c-2", null);

        assertThat(after.sentIds()).containsExactly("c-1#1", "c-2#1", "c-3#1");
    }

    @Test
    void staleRecordsAndRecordsAfterTheEndAreIgnored() {
        before.accept("c-1");
        before.book.executed("c-1", null);
        List<CommandStatusChanged> journal = List.copyOf(before.events);
        CommandStatusChanged queued = journal.getFirst();
        CommandStatusChanged executed = journal.getLast();
        CommandStatusChanged sentAfterTheEnd = new CommandStatusChanged("c-1", TENANT, DEVICE, "sprinkler",
                Map.of(), CommandTransport.MQTT, CommandStatus.SENT, 2, executed.sequence() + 1, null, null,
                executed.requestedAt(), executed.expiresAt(), executed.occurredAt(), null);

        after.book.replay(executed);
        after.book.replay(queued);
        after.book.replay(sentAfterTheEnd);
        after.book.tick(after.clock.instant());

        assertThat(after.status("c-1")).isEqualTo(CommandStatus.EXECUTED);
        assertThat(after.sends).isEmpty();
    }

    @Test
    void anOfflineDeviceKeepsItsReplayedCommandsUntilItIsBack() {
        before.accept("c-1");

        restart();
        after.book.deviceOffline(DEVICE);
        after.book.tick(after.clock.instant());
        assertThat(after.sends).isEmpty();

        after.book.deviceOnline(DEVICE);
        assertThat(after.sentIds()).containsExactly("c-1#2");
    }
}
