package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.command.lifecycle.LifecycleSettings;
import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceMessagesTest {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<CommandDispatch> sent = new ArrayList<>();
    final List<CommandStatusChanged> journal = new ArrayList<>();
    final List<String> contacts = new ArrayList<>();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final CommandBook book = new CommandBook(LifecycleSettings.DEFAULT, sent::add, journal::add, clock);
    final DeviceDirectory directory = new DeviceDirectory() {
        @Override
        public Optional<String> tenantOf(String deviceId) {
            return deviceId.startsWith("a-") ? Optional.of("OP-A") : deviceId.startsWith("b-")
                    ? Optional.of("OP-B") : Optional.empty();
        }

        @Override
        public void contact(String tenantId, String deviceId, Instant time) {
            contacts.add(tenantId + "/" + deviceId + "@" + time);
        }
    };
    final DeviceMessages messages = new DeviceMessages("devices", book, directory, new CommandMetrics(meters), clock);

    @Test
    void anAnswerWithItsCorrelationDataMovesTheCommandToDeliveredThenExecuted() {
        accept("c1", "OP-A", "a-1");

        messages.handle("devices/a-1/command-responses", answer("c1", "delivered", null), utf8("c1"), false);
        messages.handle("devices/a-1/command-responses", answer("c1", "executed", "{\"state\": \"on\"}"),
                utf8("c1"), false);

        assertThat(journal).extracting(CommandStatusChanged::status)
                .containsExactly(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED, CommandStatus.EXECUTED);
        assertThat(journal.getLast().result()).containsEntry("state", "on");
        assertThat(unmatched()).isZero();
    }

    @Test
    void aFailedAnswerFailsTheCommandWithTheDevicesDetail() {
        accept("c1", "OP-A", "a-1");

        messages.handle("devices/a-1/command-responses",
                "{\"commandId\": \"c1\", \"outcome\": \"failed\", \"detail\": \"valve stuck\"}".getBytes(StandardCharsets.UTF_8),
                utf8("c1"), false);

        assertThat(journal.getLast().status()).isEqualTo(CommandStatus.FAILED);
        assertThat(journal.getLast().detail()).isEqualTo("device: valve stuck");
    }

    @Test
    void answersThatDoNotMatchAreIgnoredAndCounted() {
        accept("c1", "OP-A", "a-1");
        accept("c2", "OP-B", "b-1");

        // correlation data of another command, none at all, another device's command, unreadable, unknown device
        assertThat(messages.response("a-1", answer("c1", "delivered", null), utf8("c9"))).isFalse();
        assertThat(messages.response("a-1", answer("c1", "delivered", null), null)).isFalse();
        assertThat(messages.response("a-1", answer("c2", "delivered", null), utf8("c2"))).isFalse();
        assertThat(messages.response("a-1", utf8("not json"), utf8("c1"))).isFalse();
        assertThat(messages.response("x-1", answer("c1", "delivered", null), utf8("c1"))).isFalse();

        assertThat(unmatched()).isEqualTo(5);
        assertThat(journal).extracting(CommandStatusChanged::status).doesNotContain(CommandStatus.DELIVERED);
    }

    @Test
    void offlineHoldsTheNextCommandAndOnlineSendsItAndCountsAsAContactUnlessRetained() {
        messages.handle("devices/a-1/status", utf8("offline"), null, true);
        accept("c1", "OP-A", "a-1");
        assertThat(sent).isEmpty();

        messages.handle("devices/a-1/status", utf8("online"), null, true);
        assertThat(sent).extracting(d -> d.command().commandId()).containsExactly("c1");
        assertThat(contacts).isEmpty();

        messages.handle("devices/a-1/status", utf8("online"), null, false);
        assertThat(contacts).containsExactly("OP-A/a-1@" + NOW);
    }

    @Test
    void theStatusOfAnUnknownDeviceIsIgnoredAndCounted() {
        messages.handle("devices/x-1/status", utf8("online"), null, false);

        assertThat(contacts).isEmpty();
        assertThat(meters.get("fieldlink.commands.mqtt.status-unknown-device").counter().count()).isEqualTo(1.0);
    }

    @Test
    void onlyTopicsOfTheSchemeNameADevice() {
        assertThat(messages.deviceOf("devices/a-1/status", "status")).contains("a-1");
        assertThat(messages.deviceOf("devices//status", "status")).isEmpty();
        assertThat(messages.deviceOf("other/a-1/status", "status")).isEmpty();
        assertThat(messages.deviceOf("devices/a-1/x/status", "status")).isEmpty();
        assertThat(messages.deviceOf("devices/a-1/status", "command-responses")).isEmpty();
    }

    private void accept(String id, String tenant, String device) {
        book.accept(new DeviceCommandRequested(id, tenant, device, "sprinkler", Map.of("state", "on"), NOW,
                Duration.ofMinutes(10), "test"), CommandTransport.AUTO);
    }

    private double unmatched() {
        return meters.get("fieldlink.commands.mqtt.responses-unmatched").counter().count();
    }

    private static byte[] answer(String id, String outcome, String result) {
        return ("{\"commandId\": \"" + id + "\", \"outcome\": \"" + outcome + "\""
                + (result == null ? "" : ", \"result\": " + result) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
