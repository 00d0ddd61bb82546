package io.fieldlink.rules.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * "streams" health, part of readiness: UP only while the Streams app is RUNNING. While it starts, restores or
 * rebalances, its stores cannot answer, so the replica takes no API traffic.
 */
final class StreamsHealthIndicator extends AbstractHealthIndicator {

    private final RulesStreamsLifecycle lifecycle;

    StreamsHealthIndicator(RulesStreamsLifecycle lifecycle) {
        super("Rules Streams app health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams.State state = lifecycle.state();
        (state == KafkaStreams.State.RUNNING ? builder.up() : builder.down()).withDetail("state", state.name());
    }
}
