package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.ContractJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes poison records to the dead-letter topic: the original key and value bytes when the value
 * could not be deserialised, else the record re-serialised with the contract serializer; the reason in
 * header {@value #REASON_HEADER}, plus Spring Kafka's {@code kafka_dlt-*} headers (original topic,
 * partition, offset, consumer group, exception class and message). The send is awaited: if it
 * fails, the record is not committed and is processed again.
 */
class DeadLetters implements DisposableBean {

    /** Why a record was dead-lettered, UTF-8 text. */
    static final String REASON_HEADER = io.fieldlink.contracts.RecordHeaders.DLQ_REASON;

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(DeadLetters.class);

    private final DefaultKafkaProducerFactory<Object, Object> producerFactory;
    private final DeadLetterPublishingRecoverer recoverer;

    /**
     * @param source what is dead-lettered ({@code telemetry}, {@code alerts}, {@code command-status}): tag of the
     *               metric and suffix of the producer's client id
     */
    DeadLetters(Map<String, Object> producerProperties, String topic, String source, MeterRegistry meters) {
        Map<String, Object> properties = new HashMap<>(producerProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "dashboard-projector-dlq-" + source);
        this.producerFactory = new DefaultKafkaProducerFactory<>(properties, new PassThroughSerializer(),
                new PassThroughSerializer());
        Counter deadLettered = Counter.builder("fieldlink.dashboard.projector.dead-lettered")
                .description("Poison records published to the dead-letter topic")
                .tag("source", source)
                .register(meters);
        // partition -1: let the producer choose by key, so the DLQ needs no particular partition count
        this.recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producerFactory),
                (record, exception) -> new TopicPartition(topic, -1));
        this.recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        this.recoverer.setHeadersFunction((record, exception) -> {
            String reason = reason(record, exception);
            deadLettered.increment();
            log.warn("Dead-lettering {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(), topic,
                    reason);
            return new RecordHeaders(new Header[] {
                    new RecordHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))});
        });
    }

    DeadLetterPublishingRecoverer recoverer() {
        return recoverer;
    }

    /** The deserialisation error carried by the record, else the poison reason, else the exception. */
    static String reason(ConsumerRecord<?, ?> record, Exception exception) {
        DeserializationException deserialization = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (deserialization != null) {
            return "undeserialisable value: " + rootMessage(deserialization);
        }
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof PoisonRecordException poison) {
                return poison.getMessage();
            }
        }
        if (record.value() == null) {
            return "the value is empty";
        }
        return exception == null ? "unknown" : rootMessage(exception);
    }

    private static String rootMessage(Throwable throwable) {
        Throwable root = throwable;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        // Jackson appends the source location over several lines; the first one says what was wrong
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        return root.getClass().getSimpleName() + ": " + firstLine;
    }

    @Override
    public void destroy() {
        producerFactory.destroy();
    }

    /** Raw bytes as they are (undeserialisable values), strings as UTF-8, anything else as contract JSON. */
    static final class PassThroughSerializer implements Serializer<Object> {

        @Override
        public byte[] serialize(String topic, Object data) {
            return switch (data) {
                case null -> null;
                case byte[] bytes -> bytes;
                case String text -> text.getBytes(StandardCharsets.UTF_8);
                default -> ContractJson.write(data);
            };
        }
    }
}
