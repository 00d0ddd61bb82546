package io.fieldlink.rules.api;

import io.fieldlink.contracts.RecordHeaders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API's own Kafka producer ({@code acks=all}, idempotent): sends one record and waits for the broker's
 * acknowledgement at most the publish timeout T. The producer's own timeouts end inside that wait
 * ({@code max.block.ms} 0.2 T, {@code delivery.timeout.ms} = {@code request.timeout.ms} 0.7 T), so when this
 * gives up the producer has given up too and no retry delivers the record later behind the client's back.
 *
 * <p>A plain producer rather than a {@code KafkaTemplate} bean: a template or producer-factory bean would make
 * Boot's own {@code kafkaTemplate} back off, and other parts of the service use that one.
 */
final class AcknowledgedSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AcknowledgedSender.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Duration publishTimeout;
    private final long retryAfterSeconds;

    /**
     * @param baseConfig     producer settings of the service ({@code spring.kafka.producer.*}, bootstrap servers);
     *                       serializers, acks, idempotence and timeouts are overridden here
     * @param publishTimeout longest wait for the acknowledgement
     */
    AcknowledgedSender(Map<String, Object> baseConfig, Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = Math.max(1, (publishTimeout.toMillis() + 999) / 1000);
        Map<String, Object> config = new HashMap<>(baseConfig);
        long t = publishTimeout.toMillis();
        int delivery = (int) Math.max(2, t * 7 / 10);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.max(1, t / 5));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, delivery);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "fieldlink-rules-api");
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Sends {@code value} (null: a tombstone) under {@code key} and returns once the broker acknowledged it.
     *
     * @throws io.fieldlink.support.problem.ApiProblemException 503 {@code write-unavailable} otherwise
     */
    void send(String topic, String key, byte[] value, String tenantId) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(RecordHeaders.TENANT_ID, tenantId.getBytes(StandardCharsets.UTF_8));
        Future<?> sent;
        try {
            sent = producer.send(record);
        } catch (KafkaException e) {
            // e.g. no metadata within max.block.ms: nothing was handed to the producer
            log.warn("Kafka refused the record for {} (key {}): {}", topic, key, rootCause(e));
            throw ApiProblems.writeUnavailable(retryAfterSeconds);
        }
        try {
            sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            log.warn("Kafka did not acknowledge the record for {} (key {}): {}", topic, key, rootCause(e));
            throw ApiProblems.writeUnavailable(retryAfterSeconds);
        } catch (TimeoutException e) {
            log.warn("Kafka gave no verdict within {} for {} (key {}); the record may still be stored", publishTimeout,
                    topic, key);
            throw ApiProblems.writeUnavailable(retryAfterSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblems.writeUnavailable(retryAfterSeconds);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
