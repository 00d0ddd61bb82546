package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes input that could not be turned into a reading to {@code iot.ingest.dlq.v1}
 * ({@link Topics#INGEST_DLQ}): the bytes as received, keyed by device id (or the sender's address
 * when the device is unknown), with headers {@link RecordHeaders#DLQ_REASON} and
 * {@link RecordHeaders#SOURCE_PROTOCOL}. For entry points without an answer channel (UDP, MQTT)
 * and for identified devices whose payload cannot be decoded (TCP).
 *
 * <p>Synchronous like the telemetry publisher: waits for the broker's acknowledgement at most the
 * publish timeout, on the same producer settings ({@code acks=all}, idempotent, timeouts derived
 * from the publish timeout).
 */
public final class IngestDeadLetters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestDeadLetters.class);
    /** Longest reason kept in the header; reasons are short slugs with a detail, never secrets. */
    static final int MAX_REASON_LENGTH = 512;

    private final KafkaTemplate<String, byte[]> template;
    private final Duration publishTimeout;
    private final long retryAfterSeconds;

    public IngestDeadLetters(KafkaTemplate<String, byte[]> template, Duration publishTimeout) {
        this.template = Objects.requireNonNull(template, "template");
        this.publishTimeout = Objects.requireNonNull(publishTimeout, "publishTimeout");
        this.retryAfterSeconds = Math.max(1, (publishTimeout.toMillis() + 999) / 1000);
    }

    /**
     * Returns once the broker acknowledged the record.
     *
     * @param key      device id when known, else the sender ({@code udp:10.0.0.7:5000})
     * @param raw      the bytes as received
     * @param protocol entry point the bytes came in through
     * @param reason   why: a stable slug, optionally followed by {@code ": "} and a detail
     * @throws io.fieldlink.support.problem.ApiProblemException 503 {@code ingest-unavailable} when
     *         Kafka did not acknowledge within the publish timeout (the record may then be lost)
     */
    public void deadLetter(String key, byte[] raw, SourceProtocol protocol, String reason) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        String why = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INGEST_DLQ.name(), key, raw);
        record.headers().add(RecordHeaders.DLQ_REASON, why.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.SOURCE_PROTOCOL, protocol.wireName().getBytes(StandardCharsets.UTF_8));
        try {
            template.send(record).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (KafkaException | org.springframework.kafka.KafkaException | ExecutionException | TimeoutException e) {
            log.warn("Kafka did not take dead letter of {} ({}): {}", key, protocol.wireName(), e.toString());
            throw IngestProblems.unavailable(retryAfterSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IngestProblems.unavailable(retryAfterSeconds);
        }
    }

    /** Closes the producer this publisher owns. */
    @Override
    public void close() {
        template.destroy();
    }
}
