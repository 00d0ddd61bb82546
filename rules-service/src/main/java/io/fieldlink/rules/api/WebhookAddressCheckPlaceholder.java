package io.fieldlink.rules.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * PLACEHOLDER until the notification side's {@code WebhookAddressPolicy} is merged: accepts every webhook
 * address. It must be replaced by the policy (refusing loopback, private and link-local hosts unless
 * allow-listed) and this class deleted at merge; the validator already asks whatever
 * {@code Function<URI, Optional<String>>} bean there is.
 */
@Configuration(proxyBeanMethods = false)
class WebhookAddressCheckPlaceholder {

    @Bean
    Function<URI, Optional<String>> placeholderWebhookAddressCheck() {
        return uri -> Optional.empty();
    }
}
