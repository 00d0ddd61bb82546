package io.fieldlink.rules;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Fieldlink rules service: rules as data (REST, compacted topic), evaluated by a Kafka Streams app over
 * telemetry; alerts on {@code iot.alerts.v1}, notifications by webhook and email, actions as device commands.
 *
 * <p>API-key security, problem details, actuator (health with liveness and readiness probes,
 * readiness on Kafka, build info, Prometheus) come from service-support.
 */
@SpringBootApplication
@EnableConfigurationProperties(RulesProperties.class)
public class RulesApplication {

    public static void main(String[] args) {
        SpringApplication.run(RulesApplication.class, args);
    }
}
