package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.DeviceCommandRequested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.fieldlink.command.lifecycle.BookFixture.DEVICE;
import static io.fieldlink.command.lifecycle.BookFixture.T0;
import static io.fieldlink.command.lifecycle.BookFixture.TENANT;
import static io.fieldlink.command.lifecycle.BookFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandBookTest {

    private final BookFixture f = new BookFixture();
    private final CommandBook book = f.book;

    @Test
    void aCommandGoesQueuedSentDeliveredExecutedWithOneEventPerTransition() {
        Acceptance accepted = f.accept("c-1");

        assertThat(accepted.created()).isTrue();
        assertThat(accepted.command().status()).isEqualTo(CommandStatus.SENT);
        CommandDispatch dispatch = f.sends.getFirst();
        assertThat(dispatch.deviceId()).isEqualTo(DEVICE);
        assertThat(dispatch.transport()).isEqualTo(CommandTransport.MQTT);
        assertThat(dispatch.attempt()).isEqualTo(1);
        assertThat(dispatch.command().parameters()).isEqualTo(Map.of("state", "on"));
        assertThat(dispatch.command().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));

        f.clock.set(T0.plusSeconds(1));
        assertThat(book.delivered("c-1")).isTrue();
        f.clock.set(T0.plusSeconds(2));
        assertThat(book.executed("c-1", Map.of("valve", "open"))).isTrue();

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "delivered/1", "executed/1");
        assertThat(f.events).extracting(CommandStatusChanged::sequence).containsExactly(1L, 2L, 3L, 4L);
        CommandStatusChanged executed = f.last("c-1");
        assertThat(executed.result()).containsEntry("valve", "open");
        assertThat(executed.occurredAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(executed.requestedAt()).isEqualTo(T0);
        assertThat(executed.origin()).isEqualTo("rule:farm-heat:a-1:raised");
        assertThat(book.find(TENANT, "c-1")).contains(executed);
    }

    @Test
    void aDeviceGetsOneCommandAtATimeInRequestOrder() {
        f.accept("c-1");
        f.accept("c-2");
        f.accept("c-3");

        assertThat(f.sentIds()).containsExactly("c-1#1");
        assertThat(f.status("c-2")).isEqualTo(CommandStatus.QUEUED);

        book.delivered("c-1");
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-2#1");

        book.executed("c-2", null);
        assertThat(f.sentIds()).containsExactly("c-1#1", "c-2#1", "c-3#1");
        assertThat(f.status("c-1")).isEqualTo(CommandStatus.DELIVERED);
    }

    @Test
    void devicesDoNotWaitForEachOther() {
        f.accept("c-1");
        book.accept(request("c-2", "295000000000002", null), CommandTransport.LWM2M);

        assertThat(f.sentIds()).containsExactly("c-1#1", "c-2#1");
        assertThat(f.sends.get(1).transport()).isEqualTo(CommandTransport.LWM2M);
    }

    @Test
    void aRepeatedRequestReturnsTheExistingCommandAndSendsNothing() {
        f.accept("c-1");
        book.delivered("c-1");

        Acceptance again = f.accept("c-1");

        assertThat(again.created()).isFalse();
        assertThat(again.command().status()).isEqualTo(CommandStatus.DELIVERED);
        assertThat(f.sentIds()).containsExactly("c-1#1");
        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "delivered/1");
    }

    @Test
    void anIdReusedForADifferentCommandIsAConflict() {
        f.accept("c-1");
        DeviceCommandRequested otherTenant = new DeviceCommandRequested("c-1", "OP0000000002", DEVICE, "sprinkler",
                Map.of("state", "on"), T0, null, null);
        DeviceCommandRequested otherParameters = new DeviceCommandRequested("c-1", TENANT, DEVICE, "sprinkler",
                Map.of("state", "off"), T0, null, null);

        assertThatThrownBy(() -> book.accept(otherTenant, CommandTransport.AUTO))
                .isInstanceOf(CommandConflictException.class);
        assertThatThrownBy(() -> book.accept(otherParameters, CommandTransport.AUTO))
                .isInstanceOf(CommandConflictException.class);
        assertThat(f.sentIds()).containsExactly("c-1#1");
    }

    @Test
    void aNullTransportMeansAuto() {
        book.accept(request("c-1"), null);

        assertThat(f.sends.getFirst().transport()).isEqualTo(CommandTransport.AUTO);
    }

    @Test
    void answersThatChangeNothingAreRejected() {
        f.accept("c-1");
        f.accept("c-2");

        assertThat(book.delivered("unknown")).isFalse();
        assertThat(book.executed("c-2", null)).as("never sent: the answer cannot be for it").isFalse();
        assertThat(book.executed("c-1", null)).isTrue();
        assertThat(book.delivered("c-1")).as("executed -> delivered").isFalse();
        assertThat(book.executed("c-1", null)).as("a repeated answer").isFalse();
        assertThat(book.failed("c-1", "late", true)).as("executed -> failed").isFalse();

        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "executed/1");
    }

    @Test
    void aTransportMayAnswerFromInsideTheSend() {
        f.onSend = dispatch -> book.delivered(dispatch.command().commandId());

        f.accept("c-1");
        f.accept("c-2");

        assertThat(f.sentIds()).containsExactly("c-1#1", "c-2#1");
        assertThat(f.history("c-1")).containsExactly("queued/0", "sent/1", "delivered/1");
        assertThat(f.history("c-2")).containsExactly("queued/0", "sent/1", "delivered/1");
    }

    @Test
    void queriesShowOnlyTheTenantsCommandsNewestFirst() {
        f.accept("c-1");
        f.accept("c-2");
        book.accept(new DeviceCommandRequested("x-1", "OP0000000002", DEVICE, "valve", Map.of(), T0, null, null),
                CommandTransport.AUTO);
        f.accept("c-3");

        assertThat(book.commandsOf(TENANT, DEVICE, 10)).extracting(CommandStatusChanged::commandId)
                .containsExactly("c-3", "c-2", "c-1");
        assertThat(book.commandsOf(TENANT, DEVICE, 2)).extracting(CommandStatusChanged::commandId)
                .containsExactly("c-3", "c-2");
        assertThat(book.commandsOf(TENANT, "295000000000009", 10)).isEmpty();
        assertThat(book.find("OP0000000002", "c-1")).isEmpty();
        assertThat(book.find("OP0000000002", "x-1")).isPresent();
    }

    @Test
    void onlyTheNewestFinishedCommandsOfADeviceAreKept() {
        for (int i = 1; i <= 5; i++) {
            f.accept("c-" + i);
            book.executed("c-" + i, null);
        }

        assertThat(book.commandsOf(TENANT, DEVICE, 10)).extracting(CommandStatusChanged::commandId)
                .containsExactly("c-5", "c-4", "c-3");
        assertThat(book.find(TENANT, "c-1")).isEmpty();
    }

    @Test
    void unfinishedCommandsAreKeptBeyondTheRetention() {
        for (int i = 1; i <= 5; i++) {
            f.accept("c-" + i);
        }

        assertThat(book.commandsOf(TENANT, DEVICE, 10)).hasSize(5);
    }
}
