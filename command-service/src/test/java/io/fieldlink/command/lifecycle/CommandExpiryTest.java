package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.fieldlink.command.lifecycle.BookFixture.DEVICE;
import static io.fieldlink.command.lifecycle.BookFixture.T0;
import static io.fieldlink.command.lifecycle.BookFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

class CommandExpiryTest {

    private final BookFixture f = new BookFixture();
    private final CommandBook book = f.book;

    @Test
    void withoutItsOwnTimeToLiveACommandExpiresAfterTheDefault() {
        f.accept("c-1");

        assertThat(f.last("c-1").expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void aQueuedCommandExpiresUnsent() {
        book.deviceOffline(DEVICE);
        book.accept(request("c-1", DEVICE, Duration.ofMinutes(5)), CommandTransport.AUTO);

        f.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(f.status("c-1")).isEqualTo(CommandStatus.QUEUED);
        f.advance(Duration.ofMillis(1));

        assertThat(f.history("c-1")).containsExactly("queued/0", "expired/0");
        assertThat(f.last("c-1").detail()).isEqualTo("expired before it could be sent");
        assertThat(f.last("c-1").occurredAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        book.deviceOnline(DEVICE);
        assertThat(f.sends).isEmpty();
    }

    @Test
    void aCommandWaitingForItsAckExpiresAndTheNextOneGoes() {
        book.accept(request("c-1", DEVICE, Duration.ofSeconds(20)), CommandTransport.AUTO);
        f.accept("c-2");

        f.advance(Duration.ofSeconds(20));

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "expired/1");
        assertThat(f.last("c-1").detail()).isEqualTo("expired waiting for the delivery ack");
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-2#1");
        assertThat(book.delivered("c-1")).as("a late ack changes nothing").isFalse();
    }

    @Test
    void aCommandWaitingForItsRetryExpires() {
        book.accept(request("c-1", DEVICE, Duration.ofSeconds(35)), CommandTransport.AUTO);

        f.advance(Duration.ofSeconds(30));
        f.advance(Duration.ofSeconds(5));

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "queued/1", "expired/1");
        assertThat(f.last("c-1").detail()).isEqualTo("expired waiting to be sent again after 1 attempts");
    }

    @Test
    void aDeliveredCommandWithoutResultExpiresAndALateResultIsDropped() {
        book.accept(request("c-1", DEVICE, Duration.ofMinutes(1)), CommandTransport.AUTO);
        book.delivered("c-1");

        f.advance(Duration.ofMinutes(1));

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "delivered/1", "expired/1");
        assertThat(f.last("c-1").detail()).isEqualTo("expired waiting for the device's result");
        assertThat(book.executed("c-1", null)).isFalse();
        assertThat(f.status("c-1")).isEqualTo(CommandStatus.EXPIRED);
    }

    @Test
    void aCommandAcceptedAfterItsExpiryExpiresAtOnceUnsent() {
        f.clock.set(T0.plus(Duration.ofHours(2)));

        Acceptance accepted = f.accept("c-1");

        assertThat(accepted.created()).isTrue();
        assertThat(accepted.command().status()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(f.history("c-1")).containsExactly("queued/0", "expired/0");
        assertThat(f.sends).isEmpty();
    }

    @Test
    void anExecutedCommandDoesNotExpire() {
        f.accept("c-1");
        book.executed("c-1", null);

        f.advance(Duration.ofHours(2));

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "executed/1");
    }
}
