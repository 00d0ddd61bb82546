package io.fieldlink.rules;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Fieldlink rules service: evaluates rules over telemetry and raises alerts (Kafka Streams rules arrive in later issues).
 *
 * <p>API-key security, problem details, actuator (health with liveness and readiness probes,
 * readiness on Kafka, build info, Prometheus) come from service-support.
 */
@SpringBootApplication
public class RulesApplication {

    public static void main(String[] args) {
        SpringApplication.run(RulesApplication.class, args);
    }
}
