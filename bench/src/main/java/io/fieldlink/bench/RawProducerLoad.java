package io.fieldlink.bench;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.TelemetrySerializer;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Kafka's own limit on this machine: one producer with the ingest edge's settings (acks=all,
 * idempotent, the contracts serializer) sending the same records as fast as acknowledgements allow.
 */
final class RawProducerLoad {

    private final String bootstrapServers;
    private final Duration warmup;
    private final Duration measured;

    RawProducerLoad(String bootstrapServers, Duration warmup, Duration measured) {
        this.bootstrapServers = bootstrapServers;
        this.warmup = warmup;
        this.measured = measured;
    }

    LoadResult run(String name, LongFunction<TelemetryReceived> records) throws InterruptedException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TelemetrySerializer.class);
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        // bounded in flight, like the edge: never more unacknowledged records than this
        Semaphore inFlight = new Semaphore(10_000);
        try (KafkaProducer<String, TelemetryReceived> producer = new KafkaProducer<>(config)) {
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long end = measureFrom + measured.toNanos();
            long countedAtStart = -1;
            long sequence = 0;
            while (System.nanoTime() < end) {
                if (countedAtStart < 0 && System.nanoTime() >= measureFrom) {
                    countedAtStart = acked.get();
                }
                inFlight.acquire();
                TelemetryReceived record = records.apply(sequence++);
                producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), record.deviceId(), record), (meta, e) -> {
                    inFlight.release();
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                });
            }
            long countedAtEnd = acked.get();
            producer.flush();
            return LoadResult.of(name, countedAtEnd - Math.max(0, countedAtStart), 1, errors.get(),
                    measured.toNanos(), new long[0]);
        }
    }
}
