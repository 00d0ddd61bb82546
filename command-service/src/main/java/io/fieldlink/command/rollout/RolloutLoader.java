package io.fieldlink.command.rollout;

import io.fieldlink.command.kafka.TopicReplayer;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code iot.rollouts.v1} back into the coordinator at startup; creates it (compacted) when absent. */
final class RolloutLoader {

    private static final Logger log = LoggerFactory.getLogger(RolloutLoader.class);

    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final int partitions;

    RolloutLoader(Map<String, Object> clientConfig, Duration timeout, int partitions) {
        this.clientConfig = clientConfig;
        this.timeout = timeout;
        this.partitions = partitions;
    }

    long load(RolloutCoordinator coordinator) throws Exception {
        TopicReplayer replayer = new TopicReplayer(clientConfig, timeout);
        replayer.ensureTopics(List.of(new NewTopic(Topics.ROLLOUTS.name(), Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        long[] unreadable = {0};
        long read = replayer.readToEnd(Topics.ROLLOUTS.name(), "fieldlink-rollouts-load", record -> {
            if (record.value() == null) {
                return;
            }
            try {
                coordinator.restore(ContractJson.read(record.value(), RolloutChanged.class));
            } catch (RuntimeException e) {
                unreadable[0]++;
            }
        });
        if (unreadable[0] > 0) {
            log.warn("{} unreadable records in {} were skipped", unreadable[0], Topics.ROLLOUTS.name());
        }
        return read;
    }
}
