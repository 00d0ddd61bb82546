package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertAcknowledgeRequested;
import io.fieldlink.contracts.ContractJson;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies acknowledge requests ({@code iot.alert-acks.v1}, keyed by device like the telemetry, so the device's
 * open alerts are in this task's store). Unknown, cleared, already acknowledged or foreign alerts are ignored
 * and counted; unreadable requests go to the dead-letter topic.
 */
final class AckProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(AckProcessor.class);

    private final RulesStreamsMetrics metrics;
    private Outputs outputs;
    private AlertTransitions transitions;

    AckProcessor(RulesStreamsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        outputs = new Outputs(context);
        transitions = new AlertTransitions(context.getStateStore(RulesTopology.OPEN_ALERTS_STORE),
                context.getStateStore(RulesTopology.COMMAND_TIMES_STORE), outputs, metrics);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        AlertAcknowledgeRequested ack;
        try {
            ack = ContractJson.read(record.value(), AlertAcknowledgeRequested.class);
        } catch (RuntimeException e) {
            metrics.deadLettered.increment();
            String reason = DeadLetterReasons.of("undeserialisable acknowledge request", e);
            log.warn("Dead-lettering an acknowledge request of key {} to {}: {}", record.key(),
                    RulesTopology.DEAD_LETTER_TOPIC, reason);
            outputs.deadLetter(record, reason);
            return;
        }
        boolean applied = transitions.acknowledge(ack.deviceId(), ack.tenantId(), ack.alertId(), ack.acknowledgedBy(),
                ack.requestedAt(), record.timestamp());
        if (!applied) {
            metrics.acksIgnored.increment();
            log.info("Acknowledge request {} ignored: alert {} is not open on device {} for tenant {}",
                    ack.requestId(), ack.alertId(), ack.deviceId(), ack.tenantId());
        }
    }
}
