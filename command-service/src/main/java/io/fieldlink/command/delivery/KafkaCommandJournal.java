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
import org.springframework.kafka.support.SendResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The listener of the {@link io.fieldlink.command.lifecycle.CommandBook}: writes every transition to
 * {@code iot.command-status.v1} (key device id, {@code acks=all}, idempotent producer).
 *
 * <p>The book calls {@link #accept} while it is locked, so accepting only appends the record to an ordered outbox;
 * one writer thread sends what the outbox holds as a pipelined batch and waits for Kafka's acknowledgements, in order.
 * Waiting for each record inside the book's lock made every transition of every device wait for one Kafka round trip
 * after another (the command benchmark stalled at 100 commands/s, docs/benchmarks.md). Whoever must know that a
 * record is stored before answering waits for it outside the lock: {@link #flush()} returns once everything appended
 * so far is acknowledged (the commands API before its 202, the requests listener before its offset is committed).
 *
 * <p>When Kafka refuses or does not answer in time, nothing is thrown away: the unacknowledged records stay at the
 * head of the outbox, in order, and are sent again after {@link #RETRY_INTERVAL}. Meanwhile {@link #behind()} is
 * true: the API and the requests listener refuse new commands, the health indicator is down, the outbox size is a
 * gauge. Records of a failed batch that Kafka stored after all are sent again; the journal's readers ignore such
 * repeats (every record carries the whole command). Only a restart while behind loses the outbox; the next stored
 * record of a command repairs it, and the worst case is a resend that the device drops by its id.
 */
final class KafkaCommandJournal implements Consumer<CommandStatusChanged>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCommandJournal.class);
    /** More than this many records waiting: the oldest are dropped with an error rather than filling the heap. */
    static final int MAX_BACKLOG = 100_000;
    /** Records sent before waiting for their acknowledgements. */
    static final int MAX_BATCH = 1_000;
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private record Entry(long sequence, CommandStatusChanged record) {
    }

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;
    private final Duration publishTimeout;
    private final CommandMetrics metrics;
    private final Object lock = new Object();
    /** Appended, not yet acknowledged, in order; guarded by {@link #lock}. */
    private final ArrayDeque<Entry> outbox = new ArrayDeque<>();
    private long appended;
    /** Every record up to this sequence is stored (or was dropped from a full outbox). */
    private long stored;
    private boolean failing;
    private long retryAtNanos;
    private boolean closed;
    private final Thread writer;

    KafkaCommandJournal(Map<String, Object> baseConfig, Duration publishTimeout, CommandMetrics metrics) {
        this.publishTimeout = publishTimeout;
        this.metrics = metrics;
        this.factory = BoundedProducers.factory(baseConfig, publishTimeout, "fieldlink-command-journal");
        this.template = new KafkaTemplate<>(factory);
        this.writer = Thread.ofPlatform().name("command-journal-writer").daemon(true).start(this::writeLoop);
    }

    @Override
    public void accept(CommandStatusChanged record) {
        metrics.transition(record.status());
        synchronized (lock) {
            if (outbox.size() >= MAX_BACKLOG) {
                Entry dropped = outbox.removeFirst();
                stored = Math.max(stored, dropped.sequence());
                log.error("Journal backlog full: dropped the {} record of command {}",
                        dropped.record().status().wireName(), dropped.record().commandId());
            }
            outbox.addLast(new Entry(++appended, record));
            lock.notifyAll();
        }
    }

    /**
     * Waits, at most the publish timeout, until every record appended before this call is stored. False at once
     * while Kafka is refusing records ({@link #behind()}), and false after the timeout.
     */
    boolean flush() {
        synchronized (lock) {
            long target = appended;
            long deadline = System.nanoTime() + publishTimeout.toNanos();
            while (stored < target) {
                long left = deadline - System.nanoTime();
                if (failing || closed || left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Kafka refused or did not acknowledge the last attempt: some transitions are not stored. */
    boolean behind() {
        synchronized (lock) {
            return failing;
        }
    }

    /** Records appended and not acknowledged yet. */
    int backlogSize() {
        synchronized (lock) {
            return outbox.size();
        }
    }

    private void writeLoop() {
        while (true) {
            List<Entry> batch;
            synchronized (lock) {
                try {
                    while (!closed && (outbox.isEmpty() || failing && System.nanoTime() < retryAtNanos)) {
                        if (outbox.isEmpty()) {
                            lock.wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(lock, retryAtNanos - System.nanoTime());
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                batch = new ArrayList<>(Math.min(outbox.size(), MAX_BATCH));
                Iterator<Entry> head = outbox.iterator();
                while (head.hasNext() && batch.size() < MAX_BATCH) {
                    batch.add(head.next());
                }
            }
            int written = write(batch);
            synchronized (lock) {
                if (written > 0) {
                    long last = batch.get(written - 1).sequence();
                    while (!outbox.isEmpty() && outbox.peekFirst().sequence() <= last) {
                        outbox.removeFirst();
                    }
                    stored = Math.max(stored, last);
                }
                failing = written < batch.size();
                if (failing) {
                    metrics.journalFailure();
                    retryAtNanos = System.nanoTime() + RETRY_INTERVAL.toNanos();
                }
                lock.notifyAll();
            }
        }
    }

    /** Sends the batch, then waits for the acknowledgements in order; returns how many from the start are stored. */
    private int write(List<Entry> batch) {
        List<CompletableFuture<SendResult<String, byte[]>>> sent = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
            try {
                sent.add(template.send(recordOf(entry.record())));
            } catch (RuntimeException e) {
                // no metadata within max.block.ms and the like: what is sent so far is still waited for
                log.warn("Kafka did not take the {} record of command {}: {}; kept for a retry",
                        entry.record().status().wireName(), entry.record().commandId(), e.toString());
                break;
            }
        }
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            } catch (Exception e) {
                CommandStatusChanged record = batch.get(i).record();
                log.warn("Kafka did not store the {} record of command {} within {}: {}; kept for a retry",
                        record.status().wireName(), record.commandId(), publishTimeout, e.toString());
                return i;
            }
        }
        return sent.size();
    }

    private static ProducerRecord<String, byte[]> recordOf(CommandStatusChanged record) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.COMMAND_STATUS.name(), record.deviceId(),
                ContractJson.write(record));
        out.headers().add(RecordHeaders.TENANT_ID, record.tenantId().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        // what is appended gets one last chance to be stored
        flush();
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        writer.join(publishTimeout.toMillis());
        factory.destroy();
    }
}
