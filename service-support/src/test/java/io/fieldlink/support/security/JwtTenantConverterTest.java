package io.fieldlink.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTenantConverterTest {

    private final JwtTenantConverter converter = new JwtTenantConverter("tenant", "roles");

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("alice")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }

    @Test
    void givesTheSamePrincipalAsAnApiKeyWithRolesAsAuthorities() {
        var authentication = converter.convert(jwt(Map.of("tenant", "OP-A", "roles", List.of("operator", "viewer"))));

        assertThat(authentication.getPrincipal())
                .isEqualTo(new TenantPrincipal("jwt:alice", "OP-A", Set.of("operator", "viewer")));
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_operator", "ROLE_viewer");
        assertThat(authentication.isAuthenticated()).isTrue();
    }

    @Test
    void readsRolesFromAStringLikeScope() {
        assertThat(JwtTenantConverter.roles("viewer operator,admin")).containsExactlyInAnyOrder("viewer", "operator", "admin");
        assertThat(JwtTenantConverter.roles(null)).isEmpty();
        assertThat(JwtTenantConverter.roles(42)).isEmpty();
    }

    @Test
    void usesTheConfiguredClaims() {
        var custom = new JwtTenantConverter("https://fieldlink.io/operator", "groups");

        TenantPrincipal caller = custom.principal(jwt(Map.of("https://fieldlink.io/operator", "OP-B",
                "groups", List.of("admin"), "roles", List.of("viewer"))));

        assertThat(caller.tenantId()).isEqualTo("OP-B");
        assertThat(caller.roles()).containsExactly("admin");
    }

    @Test
    void refusesATokenWithoutTenant() {
        assertThatThrownBy(() -> converter.convert(jwt(Map.of("roles", List.of("admin")))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> converter.convert(jwt(Map.of("tenant", " "))))
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void tellsJwtsFromApiKeys() {
        assertThat(JwtBearerTokens.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")).isTrue();
        assertThat(JwtBearerTokens.looksLikeJwt("flk_q3JX0v2l8Hc0aG9zZS1rZXktZm9yLXRlc3Rz")).isFalse();
        assertThat(JwtBearerTokens.looksLikeJwt("a.b")).isFalse();
        assertThat(JwtBearerTokens.looksLikeJwt("a..c")).isFalse();
        assertThat(JwtBearerTokens.looksLikeJwt("a.b.c.d")).isFalse();
        assertThat(JwtBearerTokens.looksLikeJwt(".b.c")).isFalse();
    }
}
