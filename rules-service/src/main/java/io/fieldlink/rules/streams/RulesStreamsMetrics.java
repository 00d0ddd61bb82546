package io.fieldlink.rules.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of the rules Streams app ({@code fieldlink.rules.streams.*}). With exactly-once, a batch that is
 * aborted and reprocessed counts twice: the counters measure work done, the topics hold the truth.
 */
public final class RulesStreamsMetrics {

    final Counter readingsEvaluated;
    final Counter ruleEvaluations;
    final Counter alertsRaised;
    final Counter alertsUpdated;
    final Counter alertsCleared;
    final Counter alertsAcknowledged;
    final Counter commandsEmitted;
    final Counter commandsSkippedByCooldown;
    final Counter acksIgnored;
    final Counter lateReadingsDropped;
    final Counter deadLettered;
    final Counter evaluationErrors;

    public RulesStreamsMetrics(MeterRegistry registry) {
        readingsEvaluated = counter(registry, "readings", "Telemetry readings evaluated against the tenant's rules");
        ruleEvaluations = counter(registry, "rule-evaluations", "Rule evaluations: rules a reading or tick may move (resting threshold rules it does not meet are skipped)");
        alertsRaised = alerts(registry, "raised");
        alertsUpdated = alerts(registry, "updated");
        alertsCleared = alerts(registry, "cleared");
        alertsAcknowledged = alerts(registry, "acknowledged");
        commandsEmitted = Counter.builder("fieldlink.rules.streams.commands").tag("outcome", "emitted")
                .description("Rule action commands").register(registry);
        commandsSkippedByCooldown = Counter.builder("fieldlink.rules.streams.commands").tag("outcome", "cooldown")
                .description("Rule action commands").register(registry);
        acksIgnored = counter(registry, "acks-ignored", "Acknowledge requests for unknown, cleared or foreign alerts");
        lateReadingsDropped = counter(registry, "late-readings", "Readings a window condition dropped: all their windows had closed (after grace)");
        deadLettered = counter(registry, "dead-lettered", "Undeserialisable records sent to iot.rules.dlq.v1");
        evaluationErrors = counter(registry, "evaluation-errors", "Rule evaluations that threw (rule skipped for that reading)");
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder("fieldlink.rules.streams." + name).description(description).register(registry);
    }

    private static Counter alerts(MeterRegistry registry, String type) {
        return Counter.builder("fieldlink.rules.streams.alerts").tag("type", type)
                .description("Alert events published").register(registry);
    }
}
