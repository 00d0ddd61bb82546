package io.fieldlink.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Per-endpoint role rules a service adds to the shared API-key chain. They are applied after the
 * open paths (health, {@code permit-paths}) and before the final "any request needs a key", so a
 * service restricts endpoints by role without replacing the whole chain. A refused request answers
 * 403 problem+json {@code forbidden}. Roles of a key are authorities {@code ROLE_<role>}; a
 * {@code RoleHierarchy} bean of the service is honoured by {@code hasRole}.
 */
@FunctionalInterface
public interface ApiKeyAuthorizationRules {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
