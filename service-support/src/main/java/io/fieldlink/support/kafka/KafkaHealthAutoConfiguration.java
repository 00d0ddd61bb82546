package io.fieldlink.support.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.time.Duration;

/** Registers the "kafka" health indicator against {@code spring.kafka.bootstrap-servers}. */
@AutoConfiguration
@ConditionalOnClass(name = "org.apache.kafka.clients.admin.Admin")
public class KafkaHealthAutoConfiguration {

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaClusterHealthIndicator kafkaHealthIndicator(Environment environment) {
        String servers = environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
        Duration timeout = environment.getProperty("fieldlink.kafka.health-timeout", Duration.class, Duration.ofSeconds(3));
        return new KafkaClusterHealthIndicator(servers, timeout);
    }
}
