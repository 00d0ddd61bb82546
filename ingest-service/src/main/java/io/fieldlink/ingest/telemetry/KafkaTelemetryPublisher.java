package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends to {@code iot.telemetry.v1} keyed by device id and waits for the acknowledgement
 * ({@code acks=all}, idempotent producer) at most the publish timeout. The producer's own timeouts
 * ({@link ProducerTimeouts}) end inside that wait, so when this answers 503 the producer has
 * already given up on the record and will not deliver it later by a retry.
 */
class KafkaTelemetryPublisher implements TelemetryPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaTelemetryPublisher.class);

    private final KafkaTemplate<String, TelemetryReceived> template;
    private final Duration publishTimeout;
    private final long retryAfterSeconds;

    KafkaTelemetryPublisher(KafkaTemplate<String, TelemetryReceived> template, Duration publishTimeout) {
        this.template = template;
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = Math.max(1, (publishTimeout.toMillis() + 999) / 1000);
    }

    @Override
    public void publish(TelemetryReceived event, String correlationId) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        ProducerRecord<String, TelemetryReceived> record =
                new ProducerRecord<>(Topics.TELEMETRY.name(), event.deviceId(), event);
        record.headers().add(RecordHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.TENANT_ID, event.tenantId().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<SendResult<String, TelemetryReceived>> sent;
        try {
            sent = template.send(record);
        } catch (KafkaException | org.springframework.kafka.KafkaException e) {
            // e.g. no metadata for the topic within max.block.ms: nothing was handed to the producer
            log.warn("Kafka refused message {} of device {}: {}", event.messageId(), event.deviceId(), rootCause(e));
            throw IngestProblems.unavailable(retryAfterSeconds);
        }
        try {
            sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            log.warn("Kafka did not acknowledge message {} of device {}: {}", event.messageId(), event.deviceId(),
                    rootCause(e));
            throw IngestProblems.unavailable(retryAfterSeconds);
        } catch (TimeoutException e) {
            // not expected: the producer's delivery timeout ends before this wait does
            log.warn("No verdict from Kafka for message {} of device {} within {}; it may still be delivered",
                    event.messageId(), event.deviceId(), publishTimeout);
            throw IngestProblems.unavailable(retryAfterSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IngestProblems.unavailable(retryAfterSeconds);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
