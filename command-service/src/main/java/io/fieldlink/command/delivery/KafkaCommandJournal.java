package io.fieldlink.command.delivery;

import io.fieldlink.command.kafka.BoundedProducers;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The listener of the {@link io.fieldlink.command.lifecycle.CommandBook}: writes every transition to
 * {@code iot.command-status.v1} (key device id, {@code acks=all}, idempotent producer) and waits for Kafka's
 * acknowledgement, at most the publish timeout, while the book is locked.
 *
 * <p>When Kafka refuses or does not answer in time, the record is not thrown away and the listener does not throw:
 * an exception inside the book would leave a command half-moved (e.g. sent without an ack timer). The record goes to
 * an ordered backlog instead, every later record queues behind it (the journal keeps each command's order), and
 * {@link #flush()} (every tick) writes the backlog once Kafka is back. Meanwhile {@link #behind()} is true: the API
 * and the requests listener refuse new commands, the health indicator is down, and the backlog size is a gauge.
 * Only a restart while behind loses the backlog; since every record carries the whole command, the next stored
 * record of a command repairs it, and the worst case is a resend that the device drops by its id.
 */
final class KafkaCommandJournal implements Consumer<CommandStatusChanged>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCommandJournal.class);
    /** More than this many records waiting: the oldest are dropped with an error rather than filling the heap. */
    static final int MAX_BACKLOG = 100_000;

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;
    private final Duration publishTimeout;
    private final CommandMetrics metrics;
    private final ArrayDeque<CommandStatusChanged> backlog = new ArrayDeque<>();

    KafkaCommandJournal(Map<String, Object> baseConfig, Duration publishTimeout, CommandMetrics metrics) {
        this.publishTimeout = publishTimeout;
        this.metrics = metrics;
        this.factory = BoundedProducers.factory(baseConfig, publishTimeout, "fieldlink-command-journal");
        this.template = new KafkaTemplate<>(factory);
    }

    @Override
    public synchronized void accept(CommandStatusChanged record) {
        metrics.transition(record.status());
        if (!backlog.isEmpty()) {
            enqueue(record);
            return;
        }
        if (!publish(record)) {
            enqueue(record);
        }
    }

    /** Writes the backlog in order while Kafka takes it; true when nothing is left. */
    synchronized boolean flush() {
        while (!backlog.isEmpty()) {
            if (!publish(backlog.peekFirst())) {
                return false;
            }
            backlog.removeFirst();
        }
        return true;
    }

    /** Some transitions are not stored yet. */
    synchronized boolean behind() {
        return !backlog.isEmpty();
    }

    synchronized int backlogSize() {
        return backlog.size();
    }

    private void enqueue(CommandStatusChanged record) {
        if (backlog.size() >= MAX_BACKLOG) {
            CommandStatusChanged dropped = backlog.removeFirst();
            log.error("Journal backlog full: dropped the {} record of command {}", dropped.status().wireName(),
                    dropped.commandId());
        }
        backlog.addLast(record);
    }

    private boolean publish(CommandStatusChanged record) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.COMMAND_STATUS.name(), record.deviceId(),
                ContractJson.write(record));
        out.headers().add(RecordHeaders.TENANT_ID, record.tenantId().getBytes(StandardCharsets.UTF_8));
        try {
            template.send(out).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Kafka did not store the {} record of command {} within {}: {}; kept in the backlog",
                    record.status().wireName(), record.commandId(), publishTimeout, e.toString());
        }
        metrics.journalFailure();
        return false;
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
