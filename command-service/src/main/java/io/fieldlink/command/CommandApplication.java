package io.fieldlink.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Fieldlink command service: the device registry ({@code io.fieldlink.command.registry}, backed by
 * {@code iot.devices.v1}) and command delivery ({@code io.fieldlink.command.delivery}: the commands API, the
 * journal {@code iot.command-status.v1}, requests from {@code iot.commands.v1}, MQTT).
 *
 * <p>API-key security, problem details, actuator (health with liveness and readiness probes,
 * readiness on Kafka, build info, Prometheus) come from service-support.
 */
@SpringBootApplication
@EnableConfigurationProperties(CommandProperties.class)
public class CommandApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandApplication.class, args);
    }
}
