package io.fieldlink.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Fieldlink command service: delivers commands to devices and reports their status (command delivery arrives in later issues).
 *
 * <p>API-key security, problem details, actuator (health with liveness and readiness probes,
 * readiness on Kafka, build info, Prometheus) come from service-support.
 */
@SpringBootApplication
public class CommandApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandApplication.class, args);
    }
}
