package io.fieldlink.support.security;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * Every endpoint but the health probes needs an API key (configured, or issued through dashboard-api and read from
 * {@code iot.api-keys.v1}), or a JWT when {@code fieldlink.security.jwt.*} names an issuer (or, for paths listed in
 * {@code fieldlink.security.permit-paths}, the service's own authentication). Stateless, no CSRF
 * (no cookies), errors as problem+json. A service restricts endpoints by role with an
 * {@link ApiKeyAuthorizationRules} bean.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@EnableConfigurationProperties(SecurityProperties.class)
public class ApiKeySecurityAutoConfiguration {

    /** The profile of production deployments: there a service without credentials does not start. */
    public static final String PRODUCTION_PROFILE = "production";

    @Bean
    @ConditionalOnMissingBean
    IssuedApiKeys issuedApiKeys() {
        return new IssuedApiKeys();
    }

    @Bean
    ApiKeyRegistry apiKeyRegistry(SecurityProperties properties, Environment environment, IssuedApiKeys issued) {
        if (!properties.hasConfiguredCredentials() && environment.acceptsProfiles(Profiles.of(PRODUCTION_PROFILE))) {
            // without credentials every API answers 401: fine for a developer's first start, a misconfiguration in
            // production. Issued keys do not count: issuing one needs a configured admin key or token first.
            throw new IllegalStateException("profile '" + PRODUCTION_PROFILE + "' needs credentials: configure "
                    + "fieldlink.security.api-keys (id, tenant, sha256, roles) or a JWT issuer "
                    + "(fieldlink.security.jwt.issuer-uri or .jwk-set-uri)");
        }
        return new ApiKeyRegistry(properties.apiKeys(), issued);
    }

    /**
     * Spring Security's own observations are off, and with them the decorator that wraps every filter of every
     * request (still there when {@code management.observations.enable.spring.security=false} only mutes them): on
     * the ingest path that wrapping was a measurable share of each request's CPU (docs/benchmarks.md). Request
     * metrics ({@code http.server.requests}) are unaffected.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Declared so Boot does not create a user with a generated password: API keys and JWTs are the only logins. */
    @Bean
    @ConditionalOnMissingBean
    AuthenticationManager noPasswordLogins() {
        return authentication -> {
            throw new ProviderNotFoundException("only API keys are accepted");
        };
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain apiKeySecurityFilterChain(HttpSecurity http, ApiKeyRegistry registry,
                                                  SecurityProperties properties,
                                                  ObjectProvider<ApiKeyAuthorizationRules> roleRules) throws Exception {
        var problems = new ProblemAuthenticationEntryPoint();
        String[] permitted = properties.permitPaths().toArray(String[]::new);
        boolean jwt = properties.jwt().enabled();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // before the resource server's filter (present or not, its place in the chain is defined), so an
                // API key is recognised first and a JWT only reaches the resource server
                .addFilterBefore(new ApiKeyAuthenticationFilter(registry, problems, properties.permitPaths(), jwt),
                        BearerTokenAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
                    if (permitted.length > 0) {
                        auth.requestMatchers(permitted).permitAll();
                    }
                    roleRules.orderedStream().forEach(rules -> rules.configure(auth));
                    auth.anyRequest().authenticated();
                });
        if (jwt) {
            SecurityProperties.Jwt config = properties.jwt();
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .bearerTokenResolver(JwtBearerTokens.resolver(properties.permitPaths()))
                    .jwt(tokens -> tokens.decoder(JwtBearerTokens.decoder(config))
                            .jwtAuthenticationConverter(new JwtTenantConverter(config.tenantClaim(), config.rolesClaim()))));
        }
        return http.build();
    }
}
