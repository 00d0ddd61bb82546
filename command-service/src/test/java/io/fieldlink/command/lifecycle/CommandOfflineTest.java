package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.fieldlink.command.lifecycle.BookFixture.DEVICE;
import static io.fieldlink.command.lifecycle.BookFixture.T0;
import static io.fieldlink.command.lifecycle.BookFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

class CommandOfflineTest {

    private final BookFixture f = new BookFixture();
    private final CommandBook book = f.book;

    @Test
    void commandsForAnOfflineDeviceWaitWithoutUsingAttemptsAndGoInOrderWhenItIsBack() {
        book.deviceOffline(DEVICE);
        f.accept("c-1");
        f.accept("c-2");

        f.advance(Duration.ofMinutes(10));
        assertThat(f.sends).isEmpty();
        assertThat(f.history("c-1")).containsExactly("queued/0");

        book.deviceOnline(DEVICE);

        assertThat(f.sentIds()).containsExactly("c-1#1");
        assertThat(f.last("c-1").occurredAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        book.delivered("c-1");
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-2#1");
    }

    @Test
    void anAttemptInFlightWhenTheDeviceLeavesIsResentWithTheSameIdWhenItIsBack() {
        f.accept("c-1");
        book.deviceOffline(DEVICE);

        f.advance(Duration.ofMinutes(5));
        assertThat(f.history("c-1")).as("no ack timeout while offline").containsExactly("queued/0", "sent/1");

        book.deviceOnline(DEVICE);

        assertThat(f.sentIds()).containsExactly("c-1#1", "c-1#2");
        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "sent/2");
        // the resend has its own ack timeout
        f.advance(Duration.ofSeconds(30));
        assertThat(f.status("c-1")).isEqualTo(CommandStatus.QUEUED);
    }

    @Test
    void aRetryWaitingForItsBackoffGoesAsSoonAsTheDeviceIsBack() {
        f.accept("c-1");
        f.advance(Duration.ofSeconds(30));
        book.deviceOffline(DEVICE);
        f.advance(Duration.ofSeconds(1));

        book.deviceOnline(DEVICE);

        assertThat(f.sentIds()).containsExactly("c-1#1", "c-1#2");
    }

    @Test
    void aDeviceGoingOfflineStopsSendingButNotItsAnswers() {
        f.accept("c-1");
        f.accept("c-2");
        book.deviceOffline(DEVICE);

        assertThat(book.executed("c-1", null)).isTrue();

        assertThat(f.sentIds()).containsExactly("c-1#1");
        assertThat(f.status("c-2")).isEqualTo(CommandStatus.QUEUED);
    }

    @Test
    void aTransportMayReportADeviceOnlineFromInsideASendDuringATick() {
        f.accept("c-1");
        book.accept(request("c-2", "295000000000002", null), CommandTransport.AUTO);
        f.advance(Duration.ofSeconds(30));
        f.onSend = dispatch -> book.deviceOnline("2950000000001" + dispatch.command().commandId());

        f.advance(Duration.ofSeconds(10));

        assertThat(f.sentIds()).containsExactlyInAnyOrder("c-1#1", "c-2#1", "c-1#2", "c-2#2");
    }

    @Test
    void otherDevicesAreNotHeld() {
        book.deviceOffline("295000000000009");

        f.accept("c-1");

        assertThat(f.sentIds()).containsExactly("c-1#1");
    }
}
