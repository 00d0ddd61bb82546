package io.fieldlink.rules.api;

import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.definition.RuleCatalog;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The REST API's logic: validation and rule writes over the publisher and catalog ports. The OpenAPI 3.1
 * description is served at {@code /v3/api-docs} and needs an API key like every other endpoint (as in
 * dashboard-api).
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Fieldlink rules API", version = "v1",
                description = "Alert rules (threshold, window, no-data, stuck; allOf/anyOf) and the alerts they raise, "
                        + "for the caller's tenant."),
        security = @SecurityRequirement(name = RulesApiConfiguration.API_KEY))
@SecurityScheme(name = RulesApiConfiguration.API_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "API key of a tenant: Authorization: Bearer <key>")
class RulesApiConfiguration {

    static final String API_KEY = "apiKey";

    /**
     * @param webhookAddressCheck refusal reason for webhook URLs that must not be called (private, loopback,
     *                            link-local hosts), from the notification side
     */
    @Bean
    RuleValidator ruleValidator(RulesProperties properties, Function<URI, Optional<String>> webhookAddressCheck) {
        return new RuleValidator(properties.limits(), webhookAddressCheck);
    }

    @Bean
    RuleWrites ruleWrites(RuleValidator validator, RulePublisher publisher, RuleCatalog catalog,
                          RulesProperties properties, ObjectProvider<Clock> clock) {
        return new RuleWrites(validator, publisher, catalog, properties.limits(), clock.getIfAvailable(Clock::systemUTC));
    }
}
