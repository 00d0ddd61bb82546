package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.fieldlink.command.lifecycle.BookFixture.T0;
import static io.fieldlink.command.lifecycle.BookFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

class CommandRetryTest {

    private final BookFixture f = new BookFixture();
    private final CommandBook book = f.book;

    @Test
    void anAttemptWithoutAckIsResentWithExponentialBackoffUntilTheLastAttemptFails() {
        f.accept("c-1");
        // attempt 1 at 0 s; ack due at 30 s, retry after 10 s; attempt 2 at 40 s; ack due at 70 s, retry after 20 s;
        // attempt 3 at 90 s; ack due at 120 s, retry after 30 s (40 s capped); attempt 4 at 150 s; ack due at 180 s
        for (int second = 1; second <= 200; second++) {
            f.advance(Duration.ofSeconds(1));
        }

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "queued/1", "sent/2", "queued/2",
                "sent/3", "queued/3", "sent/4", "failed/4");
        assertThat(f.events).filteredOn(e -> e.status() == CommandStatus.SENT)
                .extracting(CommandStatusChanged::occurredAt)
                .containsExactly(T0, T0.plusSeconds(40), T0.plusSeconds(90), T0.plusSeconds(150));
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-1#2", "c-1#3", "c-1#4");
        assertThat(f.events.get(2).detail())
                .isEqualTo("attempt 1 failed: no delivery ack within PT30S; next at " + T0.plusSeconds(40));
        CommandStatusChanged failed = f.last("c-1");
        assertThat(failed.occurredAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(failed.detail()).isEqualTo("no delivery ack within PT30S (attempt 4 of 4)");
    }

    @Test
    void noResendBeforeTheBackoffHasPassed() {
        f.accept("c-1");
        f.advance(Duration.ofSeconds(30));
        f.advance(Duration.ofMillis(9_999));

        assertThat(f.sentIds()).containsExactly("c-1#1");
        f.advance(Duration.ofMillis(1));
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-1#2");
    }

    @Test
    void aTransportThatThrowsIsATransientFailure() {
        f.sendFailure = new IllegalStateException("broker down");

        f.accept("c-1");

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "queued/1");
        assertThat(f.last("c-1").detail()).isEqualTo("attempt 1 failed: transport failed: broker down; next at "
                + T0.plusSeconds(10));
        f.sendFailure = null;
        f.advance(Duration.ofSeconds(10));
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-1#2");
        assertThat(f.status("c-1")).isEqualTo(CommandStatus.SENT);
    }

    @Test
    void aTransientFailureReportIsRetriedAndAPermanentOneFailsAtOnce() {
        f.accept("c-1");
        f.accept("c-2");

        assertThat(book.failed("c-1", "no route to device", false)).isTrue();
        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "queued/1");
        assertThat(book.failed("c-1", "stale report of attempt 1", false)).as("already waiting for a retry").isFalse();

        f.advance(Duration.ofSeconds(10));
        assertThat(book.failed("c-1", "unknown command", true)).isTrue();

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "queued/1", "sent/2", "failed/2");
        assertThat(f.last("c-1").detail()).isEqualTo("unknown command");
        assertThat(f.sentIds()).as("the next command goes").containsExactly("c-1#1", "c-1#2", "c-2#1");
    }

    @Test
    void aFailureReportedAfterDeliveryIsFinal() {
        f.accept("c-1");
        book.delivered("c-1");

        assertThat(book.failed("c-1", "valve stuck", false)).isTrue();

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "delivered/1", "failed/1");
        assertThat(f.sentIds()).containsExactly("c-1#1");
    }

    @Test
    void aRetryKeepsTheDevicesOrder() {
        f.accept("c-1");
        f.accept("c-2");
        f.advance(Duration.ofSeconds(30));

        assertThat(f.status("c-1")).isEqualTo(CommandStatus.QUEUED);
        assertThat(f.sentIds()).containsExactly("c-1#1");
        f.advance(Duration.ofSeconds(10));
        book.delivered("c-1");
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-1#2", "c-2#1");
    }

    @Test
    void aLateAnswerToAnEarlierAttemptEndsTheRetry() {
        f.accept("c-1");
        f.accept("c-2");
        f.advance(Duration.ofSeconds(30));

        assertThat(book.executed("c-1", null)).isTrue();

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "queued/1", "executed/1");
        f.advance(Duration.ofSeconds(60));
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-2#1");
    }

    @Test
    void withOneAttemptATransportFailureFailsAndTheNextCommandsStillGo() {
        BookFixture single = new BookFixture(new LifecycleSettings(Duration.ofHours(1), Duration.ofSeconds(30),
                new RetryPolicy(1, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(30)), 3));
        single.sendFailure = new IllegalStateException("no transport for device");

        for (int i = 1; i <= 3; i++) {
            single.book.accept(request("c-" + i), CommandTransport.AUTO);
        }

        assertThat(single.sentIds()).containsExactly("c-1#1", "c-2#1", "c-3#1");
        assertThat(single.events).filteredOn(e -> e.status() == CommandStatus.FAILED)
                .extracting(CommandStatusChanged::detail)
                .containsOnly("transport failed: no transport for device (attempt 1 of 1)");
    }

    @Test
    void sendTimesAreTheTickTimes() {
        f.accept("c-1");
        Instant late = T0.plusSeconds(95);
        f.clock.set(late);
        book.tick(late);

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "queued/1");
        assertThat(f.last("c-1").occurredAt()).isEqualTo(late);
        // the backoff counts from when the failure was noticed
        f.advance(Duration.ofSeconds(10));
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-1#2");
    }
}
