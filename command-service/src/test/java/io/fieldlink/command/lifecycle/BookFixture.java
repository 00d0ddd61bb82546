package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.DeviceCommandRequested;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A book wired to a settable clock, a transport that records every send (and can be told to throw), and a
 * listener that records every transition.
 */
final class BookFixture {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final String TENANT = "OP0000000001";
    static final String DEVICE = "295000000000001";

    /** Ack timeout 30 s; 4 attempts, backoff 10 s, x2, at most 30 s; ttl 1 h; 3 finished commands kept per device. */
    static final LifecycleSettings SETTINGS = new LifecycleSettings(Duration.ofHours(1), Duration.ofSeconds(30),
            new RetryPolicy(4, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(30)), 3);

    final SettableClock clock = new SettableClock(T0);
    final List<CommandDispatch> sends = new ArrayList<>();
    final List<CommandStatusChanged> events = new ArrayList<>();
    RuntimeException sendFailure;
    Consumer<CommandDispatch> onSend = dispatch -> { };
    final CommandBook book;

    BookFixture() {
        this(SETTINGS);
    }

    BookFixture(LifecycleSettings settings) {
        book = new CommandBook(settings, dispatch -> {
            sends.add(dispatch);
            onSend.accept(dispatch);
            if (sendFailure != null) {
                throw sendFailure;
            }
        }, events::add, clock);
    }

    static DeviceCommandRequested request(String commandId) {
        return request(commandId, DEVICE, null);
    }

    static DeviceCommandRequested request(String commandId, String deviceId, Duration timeToLive) {
        return new DeviceCommandRequested(commandId, TENANT, deviceId, "sprinkler", Map.of("state", "on"), T0,
                timeToLive, "rule:farm-heat:a-1:raised");
    }

    Acceptance accept(String commandId) {
        return book.accept(request(commandId), CommandTransport.MQTT);
    }

    /** Moves the clock forward and ticks the book at the new time. */
    void advance(Duration duration) {
        clock.set(clock.instant().plus(duration));
        book.tick(clock.instant());
    }

    /** Every transition of one command, as status/attempt pairs. */
    List<String> history(String commandId) {
        return events.stream().filter(e -> e.commandId().equals(commandId))
                .map(e -> e.status().wireName() + "/" + e.attempt()).toList();
    }

    CommandStatusChanged last(String commandId) {
        return events.stream().filter(e -> e.commandId().equals(commandId)).reduce((a, b) -> b).orElseThrow();
    }

    CommandStatus status(String commandId) {
        return book.find(TENANT, commandId).orElseThrow().status();
    }

    List<String> sentIds() {
        return sends.stream().map(s -> s.command().commandId() + "#" + s.attempt()).toList();
    }

    static final class SettableClock extends Clock {

        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
