package io.fieldlink.rules.streams;

import io.fieldlink.rules.RulesProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Starts the rules Streams app with the Spring context and closes it (committing, exactly-once) on shutdown;
 * also the way in for interactive queries of its global stores.
 */
final class RulesStreamsLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RulesStreamsLifecycle.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Topology topology;
    private final Properties properties;
    private final Duration storeWait;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    RulesStreamsLifecycle(Topology topology, Properties properties, Duration storeWait, MeterRegistry meters) {
        this.topology = topology;
        this.properties = properties;
        this.storeWait = storeWait;
        this.meters = meters;
    }

    static Properties streamsProperties(RulesProperties.Streams settings, String bootstrapServers) {
        Properties p = new Properties();
        // With exactly-once and a short commit interval, the first records of a transaction often reach a
        // partition whose previous transaction's markers are still being written; the broker answers
        // CONCURRENT_TRANSACTIONS (seen in the benchmark's logs) and the producer retries after retry.backoff.ms,
        // 100 ms by default, as long as a commit interval. A short back-off bounds that wait; the benchmark showed
        // no measurable change either way (docs/benchmarks.md), so this is a bound, not a measured speed-up.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        // Kafka Streams lingers 100 ms by default; with exactly-once every commit flushes the producer anyway, so
        // a long linger only moves the sends into the commit, which then takes longer while the thread waits.
        // Measured with bin/bench rules at 1,000 readings/s: together with the 50 ms commit interval, webhook
        // p50 167 -> 113-127 ms and p99 418 -> 344-350 ms (docs/benchmarks.md)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.putAll(settings.properties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, settings.cacheMaxBytes());
        return p;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        KafkaStreams created = new KafkaStreams(topology, properties);
        // a failed thread is replaced: its tasks restart from the last commit (exactly-once), the others go on
        created.setUncaughtExceptionHandler(error -> {
            log.error("A rules stream thread failed; replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        created.setStateListener((next, previous) -> log.info("Rules Streams app: {} -> {}", previous, next));
        streamsMetrics = new KafkaStreamsMetrics(created);
        streamsMetrics.bindTo(meters);
        created.start();
        streams = created;
        log.info("Rules Streams app {} started", properties.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    @Override
    public synchronized void stop() {
        KafkaStreams current = streams;
        streams = null;
        if (current == null) {
            return;
        }
        // leave the group at once: the next instance (a restart, a rolling deploy) gets the tasks without waiting
        // for the session timeout; state and offsets are committed either way
        current.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT).leaveGroup(true));
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The app's state, or {@code NOT_RUNNING} when stopped. */
    KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }

    /**
     * Runs {@code query} against the store, waiting up to {@code storeWait} while the store is not queryable
     * (starting, restoring, rebalancing).
     *
     * @throws StoreNotReadyException when it stays unavailable
     */
    <S, R> R query(String storeName, QueryableStoreType<S> type, Function<S, R> query) {
        long deadline = System.nanoTime() + storeWait.toNanos();
        while (true) {
            KafkaStreams current = streams;
            if (current != null) {
                try {
                    return query.apply(current.store(StoreQueryParameters.fromNameAndType(storeName, type)));
                } catch (InvalidStateStoreException e) {
                    log.debug("Store {} not queryable yet: {}", storeName, e.toString());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StoreNotReadyException(storeName);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
