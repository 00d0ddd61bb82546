package io.fieldlink.command.rollout;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.artifacts.Artifact;
import io.fieldlink.command.artifacts.Artifacts;
import io.fieldlink.command.artifacts.DownloadUrl;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.registry.DeviceRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Rollouts: the coordinator, its store and startup, the observer of the book. docs/commands.md, "Rollouts". */
@Configuration(proxyBeanMethods = false)
class RolloutConfiguration {

    @Bean(destroyMethod = "close")
    RolloutTransitions rolloutTransitions() {
        return new RolloutTransitions();
    }

    @Bean(destroyMethod = "close")
    KafkaRolloutStore rolloutStore(KafkaProperties kafka, CommandProperties properties) {
        return new KafkaRolloutStore(kafka.buildProducerProperties(), properties.rollouts().publishTimeout());
    }

    @Bean
    RolloutCoordinator rolloutCoordinator(CommandBook book, Artifacts artifacts, DeviceRegistry registry,
                                          KafkaRolloutStore store, RolloutTransitions transitions,
                                          CommandProperties properties, ObjectProvider<Clock> clock) {
        RolloutCoordinator coordinator = new RolloutCoordinator(book, new RolloutPorts.ArtifactSource() {
            @Override
            public Optional<Artifact> find(String tenantId, String artifactId) {
                return artifacts.find(tenantId, artifactId);
            }

            @Override
            public DownloadUrl presign(String tenantId, String artifactId, Duration expiry) {
                return artifacts.presignedDownload(tenantId, artifactId, expiry);
            }
        }, new RolloutPorts.DeviceSource() {
            @Override
            public List<String> inGroup(String tenantId, String group, int limit) {
                return registry.deviceIdsInGroup(tenantId, group, limit);
            }

            @Override
            public boolean belongsTo(String tenantId, String deviceId) {
                return registry.tenantOf(deviceId).filter(tenantId::equals).isPresent();
            }
        }, store, properties.rollouts().maxDevices(), clock.getIfAvailable(Clock::systemUTC));
        transitions.handOverTo(coordinator::commandChanged);
        return coordinator;
    }

    @Bean(destroyMethod = "close")
    RolloutStartup rolloutStartup(RolloutCoordinator coordinator, KafkaProperties kafka,
                                  CommandProperties properties) {
        return new RolloutStartup(coordinator, new RolloutLoader(kafka.buildConsumerProperties(),
                properties.rollouts().loadTimeout(), properties.rollouts().topicPartitions()),
                properties.lifecycle().tickInterval());
    }
}
