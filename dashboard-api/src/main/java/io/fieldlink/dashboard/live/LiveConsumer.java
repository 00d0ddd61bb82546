package io.fieldlink.dashboard.live;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one Kafka consumer of this instance for the live streams. Its group id is unique per start and it
 * begins at the end of each partition and never commits: the streams are live only, without replay, and
 * every instance sees every event (each one serves its own clients). It only enqueues
 * ({@link LiveStreams#publish}), so no client can slow it down.
 */
final class LiveConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> config;
    private final LiveStreams streams;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /** @param kafka the service's consumer properties (bootstrap servers, security); group and offsets are set here */
    LiveConsumer(Map<String, Object> kafka, LiveStreams streams) {
        this.config = new HashMap<>(kafka);
        this.config.put(ConsumerConfig.GROUP_ID_CONFIG, "dashboard-live-" + UUID.randomUUID());
        this.config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dashboard-live");
        this.config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        this.config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        this.streams = streams;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        thread = Thread.ofPlatform().name("dashboard-live-consumer").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = consumer) {
            kafka.subscribe(LiveEvents.TOPICS);
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                        LiveEvents.from(record.topic(), record.value()).ifPresent(streams::publish);
                    }
                } catch (WakeupException e) {
                    // stop() asked to leave the poll
                } catch (RuntimeException e) {
                    log.warn("Polling the live topics failed; trying again in a second: {}", e.toString());
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
            }
        } catch (RuntimeException e) {
            log.error("The live stream consumer stopped", e);
        }
    }
}
