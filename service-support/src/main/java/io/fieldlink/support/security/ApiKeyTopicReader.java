package io.fieldlink.support.security;

import io.fieldlink.contracts.ApiKeyChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows {@code iot.api-keys.v1} for as long as the service runs: reads it from the beginning (every instance
 * reads every partition, no consumer group) into {@link IssuedApiKeys}, then keeps polling, so a key issued or
 * revoked on dashboard-api takes effect here within a poll (about half a second). Runs on its own thread and never
 * holds up the start: while Kafka cannot be reached, configured keys and JWTs work and issued keys wait.
 */
final class ApiKeyTopicReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How often new partitions of the topic are looked for. */
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(30);

    private final Map<String, Object> clientConfig;
    private final IssuedApiKeys issued;
    private final Duration retryBackoff;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param clientConfig Kafka client settings (bootstrap servers, security); group, offsets and deserializers are
     *                     set here
     */
    ApiKeyTopicReader(Map<String, Object> clientConfig, IssuedApiKeys issued, Duration retryBackoff) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fieldlink-api-keys");
        this.clientConfig = Map.copyOf(config);
        this.issued = issued;
        this.retryBackoff = retryBackoff;
    }

    /** True once the topic was read up to the end it had when the reader (re)connected. */
    boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("fieldlink-api-keys").start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                follow();
            } catch (WakeupException e) {
                // stop() woke the consumer up
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Cannot read {} ({}); issued API keys are not updated, retrying in {}",
                            Topics.API_KEYS.name(), e.toString(), retryBackoff);
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("Cannot create or read {} ({}); retrying in {}", Topics.API_KEYS.name(), e.toString(),
                            retryBackoff);
                }
            }
            caughtUp = false;
            if (running) {
                try {
                    Thread.sleep(retryBackoff);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void follow() throws Exception {
        ApiKeyTopic.ensure(clientConfig, CALL_TIMEOUT);
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(clientConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            if (!running) {
                return;
            }
            Set<TopicPartition> assigned = new HashSet<>(partitions(kafka));
            if (assigned.isEmpty()) {
                throw new IllegalStateException("topic has no partitions yet");
            }
            kafka.assign(assigned);
            kafka.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = kafka.endOffsets(assigned, CALL_TIMEOUT);
            long read = 0;
            long nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    take(record);
                    read++;
                }
                if (!caughtUp && assigned.stream().allMatch(tp -> kafka.position(tp, CALL_TIMEOUT) >= end.get(tp))) {
                    caughtUp = true;
                    log.info("Read {} records of {}: issued API keys are in effect", read, Topics.API_KEYS.name());
                }
                if (System.nanoTime() > nextPartitionCheck) {
                    nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                    Set<TopicPartition> now = new HashSet<>(partitions(kafka));
                    if (!now.equals(assigned) && now.containsAll(assigned)) {
                        Set<TopicPartition> added = new HashSet<>(now);
                        added.removeAll(assigned);
                        kafka.assign(now);
                        kafka.seekToBeginning(added);
                        assigned = now;
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        return kafka.partitionsFor(Topics.API_KEYS.name(), CALL_TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            issued.remove(record.key());
            return;
        }
        try {
            ApiKeyChanged change = ContractJson.read(record.value(), ApiKeyChanged.class);
            if (!record.key().equals(change.keyId()) || !issued.apply(change)) {
                log.warn("Skipped a record of {} at partition {} offset {}: key and keyId differ, malformed hash, "
                        + "or an un-revoke", record.topic(), record.partition(), record.offset());
            }
        } catch (RuntimeException e) {
            log.warn("Skipped an unreadable record of {} at partition {} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.toString());
        }
    }
}
