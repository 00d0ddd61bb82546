package io.fieldlink.dashboard.access;

import io.fieldlink.support.security.ApiKeyAuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

import java.util.Set;

/**
 * Roles of dashboard-api's API keys ({@code fieldlink.security.api-keys[n].roles}), enforced per endpoint:
 * <ul>
 *   <li>{@code viewer}: reads ({@code GET}, {@code HEAD});</li>
 *   <li>{@code operator}: viewer + send a command + acknowledge an alert;</li>
 *   <li>{@code admin}: operator + every other endpoint (any other method or path), and everything under
 *   {@code /v1/admin/} (API keys), reads included.</li>
 * </ul>
 * {@code read}, the role a key gets when its config names none, means {@code viewer}, so keys configured
 * before roles existed keep their access. Public only so that web slice tests of other packages can import it.
 */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    static final String VIEWER = "viewer";
    static final String OPERATOR = "operator";
    static final String ADMIN = "admin";
    /** The default role of service-support's key config: keys configured without roles are viewers. */
    static final String LEGACY_READ = "read";
    /** The roles a key issued through the admin API ({@code /v1/admin/api-keys}) may have. */
    public static final Set<String> ROLES = Set.of(VIEWER, OPERATOR, ADMIN);

    @Bean
    static RoleHierarchy dashboardRoleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(ADMIN).implies(OPERATOR)
                .role(OPERATOR).implies(VIEWER)
                .role(LEGACY_READ).implies(VIEWER)
                .build();
    }

    @Bean
    ApiKeyAuthorizationRules dashboardRoleRules() {
        return rules -> rules
                // key management, reads included: the list shows who may do what
                .requestMatchers("/v1/admin/**").hasRole(ADMIN)
                .requestMatchers(HttpMethod.POST, "/v1/devices/{deviceId}/commands", "/v1/alerts/{alertId}/ack")
                .hasRole(OPERATOR)
                .requestMatchers(HttpMethod.GET).hasRole(VIEWER)
                .requestMatchers(HttpMethod.HEAD).hasRole(VIEWER)
                // everything not named above (future writes such as rules or key management) needs admin;
                // "/**", not anyRequest(): the shared chain ends with anyRequest() itself
                .requestMatchers("/**").hasRole(ADMIN);
    }
}
