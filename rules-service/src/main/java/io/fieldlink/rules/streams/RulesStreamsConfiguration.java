package io.fieldlink.rules.streams;

import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.alerts.AlertBook;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.evaluation.RuleEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Spring side of the rules Streams app: the topology from {@code fieldlink.rules.streams.*}, its lifecycle,
 * readiness, metrics, the read sides over its global stores, and the topics it needs (created when absent).
 */
@Configuration(proxyBeanMethods = false)
public class RulesStreamsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RuleEngine ruleEngine() {
        return new RuleEngine();
    }

    @Bean
    RulesStreamsMetrics rulesStreamsMetrics(MeterRegistry meters) {
        return new RulesStreamsMetrics(meters);
    }

    @Bean
    RulesStreamsLifecycle rulesStreamsLifecycle(RulesProperties properties, RuleEngine engine,
                                                RulesStreamsMetrics metrics, MeterRegistry meters,
                                                Environment environment) {
        RulesProperties.Streams settings = properties.streams();
        String bootstrap = environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
        return new RulesStreamsLifecycle(RulesTopology.build(settings, engine, metrics),
                RulesStreamsLifecycle.streamsProperties(settings, bootstrap), settings.storeWait(), meters);
    }

    /** Contributor "streams" of the readiness group. */
    @Bean
    StreamsHealthIndicator streamsHealthIndicator(RulesStreamsLifecycle lifecycle) {
        return new StreamsHealthIndicator(lifecycle);
    }

    @Bean
    RuleCatalog streamsRuleCatalog(RulesStreamsLifecycle lifecycle) {
        return new StreamsRuleCatalog(lifecycle);
    }

    @Bean
    AlertBook streamsAlertBook(RulesStreamsLifecycle lifecycle) {
        return new StreamsAlertBook(lifecycle);
    }

    /**
     * Every topic the app reads or writes, created when absent (an existing topic is left as it is), so that
     * the Streams app never starts against a missing source topic. Telemetry and acknowledge requests get the
     * same partition count: the app joins them per device.
     */
    @Bean
    KafkaAdmin.NewTopics rulesStreamsTopics(RulesProperties properties) {
        int partitions = properties.streams().topicPartitions();
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(Topics.TELEMETRY.name()).partitions(partitions).build(),
                TopicBuilder.name(Topics.ALERT_ACKS.name()).partitions(partitions).build(),
                TopicBuilder.name(Topics.ALERTS.name()).partitions(partitions).build(),
                TopicBuilder.name(Topics.COMMANDS.name()).partitions(partitions).build(),
                TopicBuilder.name(RulesTopology.DEAD_LETTER_TOPIC).partitions(partitions).build(),
                compacted(Topics.RULES.name(), partitions),
                compacted(Topics.DEVICES.name(), partitions));
    }

    private static NewTopic compacted(String name, int partitions) {
        return TopicBuilder.name(name).partitions(partitions)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
    }
}
