package io.fieldlink.command.registry;

import io.fieldlink.command.kafka.TopicReplayer;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        TopicReplayer replayer = new TopicReplayer(clientConfig, timeout);
        replayer.ensureTopics(List.of(new NewTopic(Topics.DEVICES.name(), Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        long[] unreadable = {0};
        long read = replayer.readToEnd(Topics.DEVICES.name(), "fieldlink-device-registry-loader", record -> {
            if (record.value() == null) {
                registry.restore(record.key(), null);
            } else {
                parse(record).ifPresentOrElse(profile -> registry.restore(record.key(), profile),
                        () -> unreadable[0]++);
            }
        });
        if (unreadable[0] > 0) {
            log.warn("{} unreadable records in {} were skipped", unreadable[0], Topics.DEVICES.name());
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
}
