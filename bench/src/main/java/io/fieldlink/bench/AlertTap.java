package io.fieldlink.bench;

import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the rules path spends its time: reads {@code iot.alerts.v1} as it is written and records, per alert event,
 * the time from ingest's acceptance of the triggering reading until the event could be read. Read uncommitted,
 * that is when the Streams app produced it; read committed (as the notifier reads), when its exactly-once
 * transaction committed. The webhook receiver gives the last stage.
 */
final class AlertTap implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    AlertTap(Map<String, Object> adminProperties, boolean committed) {
        Map<String, Object> properties = new java.util.HashMap<>(adminProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-alert-tap-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        // a fetch returns as soon as readable data arrives; the wait only bounds empty fetches
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.ALERTS.name()));
        thread = Thread.ofPlatform().daemon().name("alert-tap-" + (committed ? "committed" : "uncommitted"))
                .start(this::run);
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long seenMicros = WebhookReceiver.nowMicros();
                    Instant accepted = record.value() == null ? null : WebhookReceiver.acceptedAt(record.value());
                    if (accepted != null) {
                        long acceptedMicros = accepted.getEpochSecond() * 1_000_000 + accepted.getNano() / 1_000;
                        samples.add(new long[] {seenMicros, seenMicros - acceptedMicros});
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Latencies in nanoseconds of the events read in [fromMicros, toMicros) of the wall clock, sorted. */
    long[] latenciesBetween(long fromMicros, long toMicros) {
        return samples.stream().filter(s -> s[0] >= fromMicros && s[0] < toMicros)
                .mapToLong(s -> s[1] * 1_000).sorted().toArray();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
