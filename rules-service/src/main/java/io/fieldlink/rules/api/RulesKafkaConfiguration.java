package io.fieldlink.rules.api;

import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.RulesProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Kafka side of the API: its producer, the two publishers, and the compacted rules topic it writes. */
@Configuration(proxyBeanMethods = false)
class RulesKafkaConfiguration {

    @Bean(destroyMethod = "close")
    AcknowledgedSender rulesApiSender(KafkaProperties kafka, RulesProperties properties) {
        return new AcknowledgedSender(kafka.buildProducerProperties(), properties.limits().publishTimeout());
    }

    @Bean
    RulePublisher kafkaRulePublisher(AcknowledgedSender rulesApiSender) {
        return new KafkaRulePublisher(rulesApiSender);
    }

    @Bean
    AlertAckPublisher kafkaAlertAckPublisher(AcknowledgedSender rulesApiSender) {
        return new KafkaAlertAckPublisher(rulesApiSender);
    }

    /**
     * Created on startup when absent: compacted, or deleted rules would come back and old revisions pile up.
     * Partitions and replication follow the broker's defaults (it is read whole, as a global table).
     */
    @Bean
    NewTopic rulesTopic() {
        return TopicBuilder.name(Topics.RULES.name()).compact().build();
    }
}
