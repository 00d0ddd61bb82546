package io.fieldlink.ingest;

import io.fieldlink.support.security.ApiKeySecurityAutoConfiguration;
import io.fieldlink.support.web.ServiceDefaultsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an ingest web slice test adds to {@code @WebMvcTest}: the real security chain and problem
 * handling of service-support (Boot 4's slice does not bring security in), the service's own beans,
 * and the only double, a {@link RecordingPublisher} in place of Kafka.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ImportAutoConfiguration({ServiceDefaultsAutoConfiguration.class, ApiKeySecurityAutoConfiguration.class,
        SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
@Import({IngestConfiguration.class, IngestWebSlice.Doubles.class})
@interface IngestWebSlice {

    @TestConfiguration
    class Doubles {
        @Bean
        RecordingPublisher recordingPublisher() {
            return new RecordingPublisher();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
