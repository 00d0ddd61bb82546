package io.fieldlink.support.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.Map;

/**
 * Keys issued by dashboard-api's admin API take effect on every service that talks to Kafka: the reader follows
 * {@code iot.api-keys.v1} into the {@link IssuedApiKeys} the API-key filter consults. Off with
 * {@code fieldlink.security.key-topic.enabled=false}. Its own auto-configuration, so web slice tests (which import
 * {@link ApiKeySecurityAutoConfiguration} only) do not start a Kafka client.
 */
@AutoConfiguration(after = ApiKeySecurityAutoConfiguration.class)
@ConditionalOnProperty(name = "spring.kafka.bootstrap-servers")
@ConditionalOnProperty(prefix = "fieldlink.security.key-topic", name = "enabled", havingValue = "true",
        matchIfMissing = true)
public class ApiKeyTopicAutoConfiguration {

    @Bean
    ApiKeyTopicReader apiKeyTopicReader(Environment environment, SecurityProperties properties, IssuedApiKeys issued) {
        // spring.kafka.properties.* carries a cluster's security settings (SASL, TLS) for every client of the service
        Map<String, Object> client = new HashMap<>(Binder.get(environment)
                .bind("spring.kafka.properties", Bindable.mapOf(String.class, Object.class)).orElse(Map.of()));
        client.put("bootstrap.servers", environment.getRequiredProperty("spring.kafka.bootstrap-servers"));
        client.put("client.id", "fieldlink-api-keys-" + environment.getProperty("spring.application.name", "service"));
        return new ApiKeyTopicReader(client, issued, properties.keyTopic().retryBackoff());
    }

    /** "apiKeys" in {@code /actuator/health}: whether the issued keys have been read (not part of readiness). */
    @Bean(name = "apiKeysHealthIndicator")
    ApiKeyTopicHealthIndicator apiKeysHealthIndicator(ApiKeyTopicReader apiKeyTopicReader) {
        return new ApiKeyTopicHealthIndicator(apiKeyTopicReader);
    }
}
