package io.fieldlink.dashboard.live;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveStreamsTest {

    /** Runs the sender's tasks only when the test says so: a client that has not read yet. */
    static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    /** Records what a client would have received. */
    static final class RecordingSink implements EventSink {
        final List<String> received = new ArrayList<>();
        boolean completed;
        boolean failing;

        @Override
        public void send(LiveEvent event) throws IOException {
            if (failing) {
                throw new IOException("broken pipe");
            }
            received.add(event.type().wireName() + ":" + event.deviceId() + ":" + event.json());
        }

        @Override
        public void heartbeat() throws IOException {
            if (failing) {
                throw new IOException("broken pipe");
            }
            received.add("heartbeat");
        }

        @Override
        public void complete() {
            completed = true;
        }
    }

    private final ManualExecutor sender = new ManualExecutor();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private LiveStreams streams(int perTenant, int total, int maxQueued) {
        return new LiveStreams(new DashboardProperties.Live(Duration.ofSeconds(15), perTenant, total, maxQueued,
                Duration.ofMinutes(30)), sender, meters);
    }

    private static StreamFilter all() {
        return new StreamFilter(Set.of(), EnumSet.allOf(EventType.class));
    }

    private static LiveEvent event(EventType type, String tenant, String device, String json) {
        return new LiveEvent(type, tenant, device, json);
    }

    @Test
    void eventsGoOnlyToTheStreamsOfTheirTenantInOrder() {
        LiveStreams streams = streams(20, 1000, 1000);
        RecordingSink a1 = new RecordingSink();
        RecordingSink a2 = new RecordingSink();
        RecordingSink b = new RecordingSink();
        streams.open("OP-A", all(), a1);
        streams.open("OP-A", all(), a2);
        streams.open("OP-B", all(), b);

        streams.publish(event(EventType.READING, "OP-A", "dev-1", "{\"n\":1}"));
        streams.publish(event(EventType.ALERT, "OP-B", "dev-9", "{\"n\":2}"));
        streams.publish(event(EventType.COMMAND, "OP-A", "dev-2", "{\"n\":3}"));
        streams.publish(event(EventType.READING, "OP-C", "dev-3", "{\"n\":4}")); // nobody listens
        sender.runAll();

        assertThat(a1.received).containsExactly("reading:dev-1:{\"n\":1}", "command:dev-2:{\"n\":3}");
        assertThat(a2.received).isEqualTo(a1.received);
        assertThat(b.received).containsExactly("alert:dev-9:{\"n\":2}");
    }

    @Test
    void deviceAndTypeFiltersNarrowAStream() {
        LiveStreams streams = streams(20, 1000, 1000);
        RecordingSink sink = new RecordingSink();
        streams.open("OP-A", new StreamFilter(Set.of("dev-1", "dev-2"), EnumSet.of(EventType.ALERT,
                EventType.COMMAND)), sink);

        streams.publish(event(EventType.READING, "OP-A", "dev-1", "r1"));
        streams.publish(event(EventType.ALERT, "OP-A", "dev-1", "a1"));
        streams.publish(event(EventType.ALERT, "OP-A", "dev-3", "a3"));
        streams.publish(event(EventType.COMMAND, "OP-A", "dev-2", "c2"));
        sender.runAll();

        assertThat(sink.received).containsExactly("alert:dev-1:a1", "command:dev-2:c2");
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWhenItsQueueOverflowsAndOthersKeepTheirEvents() {
        LiveStreams streams = streams(20, 1000, 3);
        RecordingSink slow = new RecordingSink();
        RecordingSink other = new RecordingSink();
        streams.open("OP-A", all(), slow);
        streams.open("OP-B", all(), other);

        for (int i = 1; i <= 3; i++) {
            streams.publish(event(EventType.READING, "OP-A", "dev-1", "r" + i));
        }
        assertThat(streams.openStreams("OP-A")).isEqualTo(1); // full, not over
        streams.publish(event(EventType.READING, "OP-A", "dev-1", "r4"));

        // dropped at once, without waiting for the client: the publisher never blocks on it
        assertThat(streams.openStreams("OP-A")).isZero();
        assertThat(streams.openStreams()).isEqualTo(1);
        streams.publish(event(EventType.READING, "OP-B", "dev-9", "b1"));
        sender.runAll();
        assertThat(slow.completed).isTrue();
        assertThat(slow.received).isEmpty(); // the queued events are discarded, not sent after the drop
        assertThat(other.received).containsExactly("reading:dev-9:b1");
        assertThat(meters.get("fieldlink.dashboard.live.closed").tag("reason", "slow-client").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aClientThatReadsKeepsItsStreamWhateverTheTotal() {
        LiveStreams streams = streams(20, 1000, 3);
        RecordingSink sink = new RecordingSink();
        streams.open("OP-A", all(), sink);
        for (int i = 0; i < 10; i++) {
            streams.publish(event(EventType.READING, "OP-A", "dev-1", "r" + i));
            streams.publish(event(EventType.READING, "OP-A", "dev-1", "s" + i));
            sender.runAll();
        }
        assertThat(sink.received).hasSize(20);
        assertThat(sink.completed).isFalse();
        assertThat(streams.openStreams("OP-A")).isEqualTo(1);
    }

    @Test
    void limitsPerTenantAndPerInstanceAnswer429AndFreeUpWhenAStreamCloses() {
        LiveStreams streams = streams(2, 3, 100);
        Subscription first = streams.open("OP-A", all(), new RecordingSink());
        streams.open("OP-A", all(), new RecordingSink());

        assertThatThrownBy(() -> streams.open("OP-A", all(), new RecordingSink()))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(e.type()).isEqualTo("too-many-streams");
                    assertThat(e.headers().getFirst("Retry-After")).isEqualTo("10");
                });
        streams.open("OP-B", all(), new RecordingSink());
        assertThatThrownBy(() -> streams.open("OP-C", all(), new RecordingSink()))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).isEqualTo("too-many-streams"));

        first.closed(); // the client went away
        first.closed(); // callbacks may repeat (completion after error): counted once
        assertThat(streams.openStreams()).isEqualTo(2);
        streams.open("OP-A", all(), new RecordingSink());
        assertThat(streams.openStreams("OP-A")).isEqualTo(2);
    }

    @Test
    void heartbeatsGoOnlyToIdleStreams() {
        LiveStreams streams = streams(20, 1000, 100);
        RecordingSink idle = new RecordingSink();
        RecordingSink busy = new RecordingSink();
        streams.open("OP-A", all(), idle);
        streams.open("OP-B", all(), busy);
        streams.publish(event(EventType.READING, "OP-B", "dev-1", "r1"));

        streams.heartbeat();
        sender.runAll();

        assertThat(idle.received).containsExactly("heartbeat");
        assertThat(busy.received).containsExactly("reading:dev-1:r1");
    }

    @Test
    void aFailedWriteForgetsTheStreamAndLaterEventsAreNotTried() {
        LiveStreams streams = streams(20, 1000, 100);
        RecordingSink broken = new RecordingSink();
        broken.failing = true;
        Subscription subscription = streams.open("OP-A", all(), broken);

        streams.publish(event(EventType.READING, "OP-A", "dev-1", "r1"));
        sender.runAll();

        assertThat(subscription.isClosed()).isTrue();
        assertThat(streams.openStreams()).isZero();
        streams.publish(event(EventType.READING, "OP-A", "dev-1", "r2"));
        assertThat(sender.tasks).isEmpty();
    }

    @Test
    void closeAllCompletesEveryStream() {
        LiveStreams streams = streams(20, 1000, 100);
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        streams.open("OP-A", all(), a);
        streams.open("OP-B", all(), b);

        streams.closeAll();
        sender.runAll();

        assertThat(a.completed).isTrue();
        assertThat(b.completed).isTrue();
        assertThat(streams.openStreams()).isZero();
    }
}
