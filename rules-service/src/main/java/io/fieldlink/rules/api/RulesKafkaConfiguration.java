package io.fieldlink.rules.api;

import io.fieldlink.rules.RulesProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kafka side of the API: its producer and the two publishers. The topics it writes are created with the Streams
 * app's ({@code RulesStreamsConfiguration}), which declares every topic of the service once.
 */
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
}
