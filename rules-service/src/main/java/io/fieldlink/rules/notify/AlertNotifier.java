package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleNotifications;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One channel's listener on {@code iot.alerts.v1}: reads the event, looks its rule up in the {@link RuleCatalog},
 * decides whether the rule wants this transition on this channel and delivers it. A failed delivery throws a
 * {@link NotificationFailure}; the container's error handler retries it with a back-off and dead-letters it after
 * the last attempt (at once when it is {@link NotificationFailure.Permanent}).
 */
abstract class AlertNotifier implements MessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);

    private final RuleCatalog catalog;
    private final Channel channel;
    final NotificationMetrics metrics;

    AlertNotifier(RuleCatalog catalog, Channel channel, NotificationMetrics metrics) {
        this.catalog = catalog;
        this.channel = channel;
        this.metrics = metrics;
    }

    /** Whether the rule has a target on this channel. */
    abstract boolean hasTarget(RuleNotifications notifications);

    /** Delivers one notification, or throws a {@link NotificationFailure} that says why not. */
    abstract void deliver(AlertEvent event, Rule rule, int attempt);

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        int attempt = attempt(record);
        AlertEvent event = read(record, attempt);
        Optional<Rule> rule = find(event, attempt);
        if (rule.isEmpty()) {
            metrics.skipped("rule-missing");
            log.info("No {} notification for alert event {}: rule {}/{} no longer exists", channel.wireName(),
                    event.eventId(), event.tenantId(), event.ruleId());
            return;
        }
        RuleNotifications notifications = rule.get().spec().notifications();
        if (notifications == null || !hasTarget(notifications)) {
            return; // most rules notify on one channel or none: not worth a meter
        }
        if (!NotifiedTransitions.notifies(notifications, event)) {
            metrics.skipped("transition-not-selected");
            return;
        }
        try {
            deliver(event, rule.get(), attempt);
            metrics.sent();
            log.debug("Sent the {} notification of alert event {}", channel.wireName(), event.eventId());
        } catch (NotificationFailure failure) {
            metrics.failed();
            log.warn("The {} notification of alert event {} failed: {}", channel.wireName(), event.eventId(),
                    failure.getMessage());
            throw failure;
        }
    }

    /** The rule; a catalog that cannot answer (e.g. its store is still being restored) is worth a retry. */
    private Optional<Rule> find(AlertEvent event, int attempt) {
        try {
            return catalog.find(event.tenantId(), event.ruleId());
        } catch (RuntimeException e) {
            metrics.failed();
            NotificationFailure failure = new NotificationFailure.Retryable("the rule catalog cannot answer ("
                    + e.getClass().getSimpleName() + ")", attempt, e);
            log.warn("The {} notification of alert event {} failed: {}", channel.wireName(), event.eventId(),
                    failure.getMessage());
            throw failure;
        }
    }

    private static AlertEvent read(ConsumerRecord<String, byte[]> record, int attempt) {
        if (record.value() == null) {
            throw new NotificationFailure.Permanent("the record has no value", attempt, null);
        }
        try {
            return ContractJson.read(record.value(), AlertEvent.class);
        } catch (RuntimeException e) {
            throw new NotificationFailure.Permanent("the value is not an alert event ("
                    + e.getClass().getSimpleName() + ")", attempt, null);
        }
    }

    /** The container's delivery attempt header (1 for the first delivery). */
    private static int attempt(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
        return header == null || header.value().length != Integer.BYTES ? 1 : ByteBuffer.wrap(header.value()).getInt();
    }
}
