package io.fieldlink.ingest.mqtt;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes MQTT messages that can never become a reading to {@code iot.ingest.dlq.v1}: key = device id
 * (else {@code mqtt:<topic>}), value = the payload bytes as received, headers
 * {@code fieldlink-dlq-reason}, {@code fieldlink-source-protocol} = {@code mqtt}, and the tenant and
 * correlation id when known. The write is awaited (at most the publish timeout): only a record Kafka
 * acknowledged lets the message be acknowledged to the broker.
 *
 * <p>Should Kafka refuse the record as too large (a payload far above {@code max-body-size}), the
 * first {@value #TRUNCATED_BYTES} bytes are written instead and the reason says so, so that an
 * oversized message cannot be redelivered forever.
 */
class MqttDeadLetters implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MqttDeadLetters.class);

    static final int TRUNCATED_BYTES = 64 * 1024;

    private final ProducerFactory<String, byte[]> producerFactory;
    private final KafkaTemplate<String, byte[]> template;
    private final Duration timeout;

    /** @param producerFactory owned: destroyed with this bean */
    MqttDeadLetters(ProducerFactory<String, byte[]> producerFactory, Duration timeout) {
        this.producerFactory = producerFactory;
        this.template = new KafkaTemplate<>(producerFactory);
        // failures are logged here, without the payload (the default listener would print it)
        this.template.setProducerListener(null);
        this.timeout = timeout;
    }

    @Override
    public void destroy() {
        if (producerFactory instanceof DisposableBean disposable) {
            try {
                disposable.destroy();
            } catch (Exception e) {
                log.warn("Closing the MQTT dead-letter producer failed", e);
            }
        }
    }

    /**
     * @param key           device id, else {@code mqtt:<topic>}
     * @param tenantId      tenant when known, else null
     * @param correlationId for the correlation header
     * @param payload       the bytes as received
     * @param reason        why the message cannot become a reading
     * @return true once Kafka acknowledged the record; false when it did not in time (the caller
     *         must not acknowledge the MQTT message then)
     */
    boolean publish(String key, String tenantId, String correlationId, byte[] payload, String reason) {
        try {
            send(key, tenantId, correlationId, payload, reason);
            return true;
        } catch (ExecutionException e) {
            if (causedBy(e, RecordTooLargeException.class)) {
                byte[] head = Arrays.copyOf(payload, Math.min(payload.length, TRUNCATED_BYTES));
                String truncatedReason = reason + " (value truncated to the first " + head.length + " of "
                        + payload.length + " bytes: the whole payload is too large for Kafka)";
                try {
                    send(key, tenantId, correlationId, head, truncatedReason);
                    return true;
                } catch (ExecutionException | TimeoutException again) {
                    log.warn("Kafka did not acknowledge the dead-letter record for {}: {}", key, again.toString());
                    return false;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            log.warn("Kafka did not acknowledge the dead-letter record for {}: {}", key, rootCause(e));
            return false;
        } catch (TimeoutException e) {
            log.warn("No verdict from Kafka on the dead-letter record for {} within {}", key, timeout);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) { // e.g. no metadata for the topic within max.block.ms
            log.warn("Kafka refused the dead-letter record for {}: {}", key, rootCause(e));
            return false;
        }
    }

    private void send(String key, String tenantId, String correlationId, byte[] value, String reason)
            throws ExecutionException, TimeoutException, InterruptedException {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INGEST_DLQ.name(), key, value);
        record.headers().add(RecordHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.SOURCE_PROTOCOL, SourceProtocol.MQTT.wireName().getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        if (tenantId != null) {
            record.headers().add(RecordHeaders.TENANT_ID, tenantId.getBytes(StandardCharsets.UTF_8));
        }
        template.send(record).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
