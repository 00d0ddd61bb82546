package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.support.problem.ApiProblemException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends to {@code iot.telemetry.v1} keyed by device id and waits for the acknowledgement
 * ({@code acks=all}, idempotent producer) at most the publish timeout. The producer's own timeouts
 * ({@link ProducerTimeouts}) end inside that wait, so when this answers 503 the producer has
 * already given up on the record and will not deliver it later by a retry.
 *
 * <p>Batches ({@link #publishAll}) are sent as a whole first (the producer batches them into few
 * produce requests) and then waited for, all within one publish timeout. Once a send fails at once
 * (no metadata or buffer space within {@code max.block.ms}) or the timeout has passed, the rest of
 * the batch is not sent but reported unavailable: waiting {@code max.block.ms} once per record
 * would outlast the timeout many times over.
 *
 * <p>Every record's time from {@code send()} to its verdict goes to
 * {@link IngestMetrics#recordPublish}.
 */
class KafkaTelemetryPublisher implements TelemetryPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaTelemetryPublisher.class);

    private final KafkaTemplate<String, TelemetryReceived> template;
    private final Duration publishTimeout;
    private final long retryAfterSeconds;
    private final IngestMetrics metrics;

    KafkaTelemetryPublisher(KafkaTemplate<String, TelemetryReceived> template, Duration publishTimeout,
                            IngestMetrics metrics) {
        this.template = template;
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = Math.max(1, (publishTimeout.toMillis() + 999) / 1000);
        this.metrics = metrics;
    }

    @Override
    public void publish(TelemetryReceived event, String correlationId) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        CompletableFuture<?> sent;
        try {
            sent = send(event, correlationId);
        } catch (KafkaException | org.springframework.kafka.KafkaException e) {
            // e.g. no metadata for the topic within max.block.ms: nothing was handed to the producer
            log.warn("Kafka refused message {} of device {}: {}", event.messageId(), event.deviceId(), rootCause(e));
            throw IngestProblems.unavailable(retryAfterSeconds);
        }
        Optional<String> failure = awaitAck(sent, deadline);
        if (failure.isPresent()) {
            log.warn("Kafka did not acknowledge message {} of device {}: {}", event.messageId(), event.deviceId(),
                    failure.get());
            throw IngestProblems.unavailable(retryAfterSeconds);
        }
    }

    @Override
    public List<Optional<ApiProblemException>> publishAll(List<TelemetryReceived> events, String correlationId) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        List<CompletableFuture<?>> sent = new ArrayList<>(events.size());
        Throwable refused = null;
        int unsent = 0;
        for (TelemetryReceived event : events) {
            if (refused != null || deadline - System.nanoTime() <= 0) {
                sent.add(null);
                unsent++;
                continue;
            }
            try {
                sent.add(send(event, correlationId));
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                refused = e;
                sent.add(null);
                unsent++;
            }
        }
        if (unsent > 0) {
            log.warn("Kafka refused or was not reached in time for {} of {} records of device {}: {}", unsent,
                    events.size(), events.getFirst().deviceId(), refused == null ? "publish timeout" : rootCause(refused));
        }
        List<Optional<ApiProblemException>> results = new ArrayList<>(events.size());
        int failed = 0;
        String firstFailure = null;
        for (CompletableFuture<?> future : sent) {
            if (future == null) {
                results.add(Optional.of(IngestProblems.unavailable(retryAfterSeconds)));
                continue;
            }
            Optional<String> failure = awaitAck(future, deadline);
            if (failure.isPresent()) {
                failed++;
                firstFailure = firstFailure == null ? failure.get() : firstFailure;
                results.add(Optional.of(IngestProblems.unavailable(retryAfterSeconds)));
            } else {
                results.add(Optional.empty());
            }
        }
        if (failed > 0) {
            log.warn("Kafka did not acknowledge {} of {} records of device {}: {}", failed, events.size(),
                    events.getFirst().deviceId(), firstFailure);
        }
        return results;
    }

    private CompletableFuture<?> send(TelemetryReceived event, String correlationId) {
        ProducerRecord<String, TelemetryReceived> record =
                new ProducerRecord<>(Topics.TELEMETRY.name(), event.deviceId(), event);
        record.headers().add(RecordHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.TENANT_ID, event.tenantId().getBytes(StandardCharsets.UTF_8));
        long started = System.nanoTime();
        try {
            return template.send(record).whenComplete((result, failure) ->
                    metrics.recordPublish(Duration.ofNanos(System.nanoTime() - started), failure == null));
        } catch (RuntimeException e) {
            metrics.recordPublish(Duration.ofNanos(System.nanoTime() - started), false);
            throw e;
        }
    }

    /** Empty once acknowledged, else why not; waits until {@code deadline} (nanoTime) at most. */
    private Optional<String> awaitAck(CompletableFuture<?> sent, long deadline) {
        try {
            sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(rootCause(e));
        } catch (TimeoutException e) {
            // not expected: the producer's delivery timeout ends before this wait does
            return Optional.of("no verdict within " + publishTimeout + "; the record may still be delivered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting");
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
