package io.fieldlink.command.registry;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code iot.devices.v1} from the beginning to the end it had when the read began into the registry.
 * Creates the topic (compacted) when it is absent, here rather than by a {@code KafkaAdmin} bean at context start,
 * so that a broker that was down at startup still gets a compacted topic and not an auto-created one at the
 * registry's first write.
 */
final class RegistryLoader {

    private static final Logger log = LoggerFactory.getLogger(RegistryLoader.class);

    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final int partitions;

    /**
     * @param clientConfig consumer settings of the service (bootstrap servers, security); group, offsets and
     *                     deserializers are set here
     */
    RegistryLoader(Map<String, Object> clientConfig, Duration timeout, int partitions) {
        this.clientConfig = clientConfig;
        this.timeout = timeout;
        this.partitions = partitions;
    }

    /** Restores every record into {@code registry}; returns how many records were read. */
    long load(DeviceRegistry registry) throws Exception {
        ensureTopic();
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fieldlink-device-registry-loader");
        long read = 0;
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = consumer.partitionsFor(Topics.DEVICES.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (assigned.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.DEVICES.name() + " has no partitions yet");
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no progress reading " + Topics.DEVICES.name() + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    deadline = System.nanoTime() + timeout.toNanos();
                    read++;
                    Optional<DeviceProfileChanged> profile = parse(record);
                    if (record.value() == null) {
                        registry.restore(record.key(), null);
                    } else if (profile.isPresent()) {
                        registry.restore(record.key(), profile.get());
                    } else {
                        unreadable++;
                    }
                }
            }
        }
        if (unreadable > 0) {
            log.warn("{} unreadable records in {} were skipped", unreadable, Topics.DEVICES.name());
        }
        return read;
    }

    private static Optional<DeviceProfileChanged> parse(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return Optional.empty();
        }
        try {
            DeviceProfileChanged profile = ContractJson.read(record.value(), DeviceProfileChanged.class);
            return record.key().equals(profile.deviceId()) ? Optional.of(profile) : Optional.empty();
        } catch (RuntimeException e) {
            log.debug("Unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
            return Optional.empty();
        }
    }

    private void ensureTopic() throws Exception {
        Map<String, Object> adminConfig = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (key.startsWith("bootstrap.") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                adminConfig.put(key, value);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(Topics.DEVICES.name(), Optional.of(partitions), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created {} (compacted, {} partitions)", Topics.DEVICES.name(), partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
