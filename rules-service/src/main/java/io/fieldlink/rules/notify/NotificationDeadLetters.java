package io.fieldlink.rules.notify;

import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import java.nio.charset.StandardCharsets;

import static io.fieldlink.contracts.RecordHeaders.DLQ_REASON;
import static io.fieldlink.contracts.RecordHeaders.NOTIFICATION_CHANNEL;

/**
 * Publishes an alert event that a channel gave up on to {@code iot.notifications.dlq.v1}: same key, the original
 * value bytes, plus headers {@code fieldlink-dlq-reason} (e.g. {@code webhook answered 500 after 5 attempts}) and
 * {@code fieldlink-notification-channel}, and Spring Kafka's {@code kafka_dlt-*} origin headers (without the stack
 * trace). The send is awaited: when it fails, the record is not committed and is processed again.
 */
final class NotificationDeadLetters implements ConsumerAwareRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(NotificationDeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;
    private final Channel channel;
    private final NotificationMetrics metrics;

    NotificationDeadLetters(KafkaOperations<Object, Object> template, Channel channel, NotificationMetrics metrics) {
        this.channel = channel;
        this.metrics = metrics;
        // partition -1: the producer picks it by key, so the DLQ needs no particular partition count
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.NOTIFICATIONS_DLQ.name(), -1));
        this.publisher.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        this.publisher.setHeadersFunction((record, exception) -> new RecordHeaders(new Header[] {
                header(DLQ_REASON, reason(exception)),
                header(NOTIFICATION_CHANNEL, channel.wireName())}));
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        publisher.accept(record, consumer, exception);
        metrics.deadLettered();
        log.warn("Dead-lettered the {} notification of {}-{}@{} (key {}): {}", channel.wireName(), record.topic(),
                record.partition(), record.offset(), record.key(), reason(exception));
    }

    /** The failure's own reason, found through Spring's wrapping exceptions. */
    static String reason(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof NotificationFailure failure) {
                return failure.reason();
            }
        }
        return "unexpected error: " + (exception == null ? "unknown" : rootClass(exception));
    }

    private static String rootClass(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // the class only: a message of an unknown exception might carry anything
        return root.getClass().getSimpleName();
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
