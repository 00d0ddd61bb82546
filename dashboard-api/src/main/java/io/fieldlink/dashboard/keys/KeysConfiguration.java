package io.fieldlink.dashboard.keys;

import io.fieldlink.dashboard.access.AccessConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Duration;

/** The admin API's writer of {@code iot.api-keys.v1} and its helpers. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    /** As the other owners' publish timeout: the API answers within it, stored or 503. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    @Bean(destroyMethod = "close")
    KafkaApiKeyPublisher apiKeyPublisher(KafkaProperties kafka) {
        return new KafkaApiKeyPublisher(kafka.buildProducerProperties(), PUBLISH_TIMEOUT);
    }

    @Bean
    ApiKeySecrets apiKeySecrets() {
        return new ApiKeySecrets(new SecureRandom());
    }

    @Bean
    ApiKeyValidator apiKeyValidator() {
        return new ApiKeyValidator(AccessConfiguration.ROLES);
    }
}
