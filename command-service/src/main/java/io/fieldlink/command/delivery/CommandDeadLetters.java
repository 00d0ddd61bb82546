package io.fieldlink.command.delivery;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a record of {@code iot.commands.v1} the service cannot take to {@code iot.commands.dlq.v1}: the original
 * key and bytes, the reason and where it came from in headers. Waits for Kafka's acknowledgement; an exception
 * makes the listener's container retry the record, so nothing is dropped.
 */
final class CommandDeadLetters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandDeadLetters.class);
    static final String ORIGINAL_TOPIC = "fieldlink-dlq-original-topic";
    static final String ORIGINAL_PARTITION = "fieldlink-dlq-original-partition";
    static final String ORIGINAL_OFFSET = "fieldlink-dlq-original-offset";
    private static final int MAX_REASON_LENGTH = 1000;

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;
    private final Duration timeout;
    private final CommandMetrics metrics;

    CommandDeadLetters(Map<String, Object> baseConfig, Duration timeout, CommandMetrics metrics) {
        this.timeout = timeout;
        this.metrics = metrics;
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fieldlink-command-dlq");
        this.factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        this.template = new KafkaTemplate<>(factory);
    }

    void send(ConsumerRecord<String, byte[]> record, String reason) {
        String bounded = reason == null ? "unknown" : reason.length() > MAX_REASON_LENGTH
                ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.COMMANDS_DLQ.name(), record.key(),
                record.value());
        out.headers().add(new RecordHeader(RecordHeaders.DLQ_REASON, utf8(bounded)));
        out.headers().add(new RecordHeader(ORIGINAL_TOPIC, utf8(record.topic())));
        out.headers().add(new RecordHeader(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition()))));
        out.headers().add(new RecordHeader(ORIGINAL_OFFSET, utf8(Long.toString(record.offset()))));
        try {
            template.send(out).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + ": " + e, e);
        }
        metrics.deadLettered();
        log.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), bounded);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
