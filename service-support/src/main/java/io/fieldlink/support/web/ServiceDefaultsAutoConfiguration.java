package io.fieldlink.support.web;

import io.fieldlink.support.problem.ProblemDetailsAdvice;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Defaults every Fieldlink service shares (probes, exposed endpoints, readiness on Kafka); a
 * service's own application.yml or the environment overrides any of them.
 */
@AutoConfiguration
@PropertySource("classpath:fieldlink-service-defaults.properties")
@Import(ProblemDetailsAdvice.class)
public class ServiceDefaultsAutoConfiguration {
}
