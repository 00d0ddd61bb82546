package io.fieldlink.support.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The pieces of the JWT resource server: the decoder with its checks, and which bearer tokens it looks at. */
final class JwtBearerTokens {

    private JwtBearerTokens() {
    }

    /**
     * Verifies signature (keys from the JWK set, or found through the issuer's metadata), expiry and not-before,
     * issuer, audience (when configured) and the presence of the tenant claim. Built at the first token, not at
     * start-up, so a service starts while the identity provider is unreachable.
     */
    static JwtDecoder decoder(SecurityProperties.Jwt config) {
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        if (config.issuerUri() != null) {
            checks.add(new JwtIssuerValidator(config.issuerUri().toString()));
        }
        if (!config.audiences().isEmpty()) {
            checks.add(new JwtClaimValidator<Collection<String>>("aud",
                    aud -> aud != null && !Collections.disjoint(aud, config.audiences())));
        }
        checks.add(new JwtClaimValidator<Object>(config.tenantClaim(),
                tenant -> tenant instanceof String s && !s.isBlank()));
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(checks);
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = config.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(config.jwkSetUri().toString()).build()
                    : NimbusJwtDecoder.withIssuerLocation(config.issuerUri().toString()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }

    /** True for the compact form of a signed JWT ({@code header.payload.signature}); API keys never have dots. */
    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return first > 0 && second > first + 1 && second < token.length() - 1 && token.indexOf('.', second + 1) < 0;
    }

    /**
     * Hands the resource server only the bearer tokens that are its business: none on paths a service
     * authenticates itself (Funnel tokens), none when an API key already authenticated the request.
     */
    static BearerTokenResolver resolver(List<String> selfAuthenticatedPaths) {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        List<RequestMatcher> selfAuthenticated = selfAuthenticatedPaths.stream()
                .<RequestMatcher>map(path -> PathPatternRequestMatcher.withDefaults().matcher(path))
                .toList();
        return (HttpServletRequest request) -> {
            Authentication current = SecurityContextHolder.getContext().getAuthentication();
            if (current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken)) {
                return null;
            }
            if (selfAuthenticated.stream().anyMatch(matcher -> matcher.matches(request))) {
                return null;
            }
            return header.resolve(request);
        };
    }
}
