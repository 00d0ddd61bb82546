package io.fieldlink.command.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Rebuilds in-memory state from a topic at startup: creates the service's topics when absent (here, not by a
 * {@code KafkaAdmin} bean at context start, so a broker that was down at startup still gets them with their
 * settings rather than auto-created ones at the first write), and reads a topic from its beginning to the end it
 * had when the read began. The device registry ({@code iot.devices.v1}) and the command journal
 * ({@code iot.command-status.v1}) both start this way.
 */
public final class TopicReplayer {

    private static final Logger log = LoggerFactory.getLogger(TopicReplayer.class);

    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    /**
     * @param clientConfig consumer settings of the service (bootstrap servers, security); group, offsets and
     *                     deserializers are set here
     * @param timeout      bound of each broker call, and of a read that makes no progress
     */
    public TopicReplayer(Map<String, Object> clientConfig, Duration timeout) {
        this.clientConfig = clientConfig;
        this.timeout = timeout;
    }

    /** Creates each topic that does not exist yet; existing ones are left as they are. */
    public void ensureTopics(List<NewTopic> topics) throws Exception {
        Map<String, Object> adminConfig = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (key.startsWith("bootstrap.") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                adminConfig.put(key, value);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created {} ({} partitions, {})", topic.name(), topic.numPartitions(), topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Hands every committed record of {@code topic}, from the beginning to the end it had when the read began, to
     * {@code each}, in order per partition; returns how many were read.
     *
     * @throws IllegalStateException the topic has no partitions, or a poll brought nothing within the timeout
     */
    public long readToEnd(String topic, String clientId, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        long read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (assigned.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions yet");
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no progress reading " + topic + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    deadline = System.nanoTime() + timeout.toNanos();
                    read++;
                    each.accept(record);
                }
            }
        }
        return read;
    }
}
