package io.fieldlink.support.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Credentials of a service ({@code fieldlink.security.*}): configured API keys, the keys issued through
 * dashboard-api's admin API (topic {@code iot.api-keys.v1}), and optionally OAuth2/JWT bearer tokens. Keys are
 * stored only as SHA-256 hashes ({@code printf %s "$KEY" | sha256sum}); with no credentials every API answers 401.
 *
 * @param apiKeys     accepted keys, each bound to one tenant (operator id); they always work beside issued keys
 *                    (the bootstrap admin that issues the others)
 * @param permitPaths Ant-style paths the service authenticates by other means (e.g. Beam signatures);
 *                    health probes are always open
 * @param keyTopic    reading issued keys from {@code iot.api-keys.v1}
 * @param jwt         OAuth2/JWT bearer tokens; off unless an issuer or a JWK set URI is set
 */
@Validated
@ConfigurationProperties("fieldlink.security")
public record SecurityProperties(@Valid List<ApiKey> apiKeys, List<String> permitPaths,
                                 @Valid @NotNull KeyTopic keyTopic, @Valid @NotNull Jwt jwt) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        permitPaths = permitPaths == null ? List.of() : List.copyOf(permitPaths);
        keyTopic = keyTopic == null ? new KeyTopic(null, null) : keyTopic;
        jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
    }

    /** Configured credentials that let somebody in: API keys or a JWT issuer. */
    boolean hasConfiguredCredentials() {
        return !apiKeys.isEmpty() || jwt.enabled();
    }

    /**
     * @param id     name of the key, shown in logs and audit instead of the key
     * @param sha256 lowercase hex SHA-256 of the key
     * @param tenant operator id whose data the key may see
     * @param roles  what the key may do, as authorities {@code ROLE_<role>}; each service gives them meaning
     *               (dashboard-api: viewer, operator, admin); default {@code read}
     */
    public record ApiKey(@NotBlank String id,
                         @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lowercase hex digits") String sha256,
                         @NotBlank String tenant,
                         Set<String> roles) {

        public ApiKey {
            roles = roles == null ? Set.of("read") : Set.copyOf(roles);
        }
    }

    /**
     * @param enabled     read {@code iot.api-keys.v1} (default true); takes effect only where
     *                    {@code spring.kafka.bootstrap-servers} is set
     * @param retryBackoff pause before the reader tries again after Kafka failed it (topic missing, broker gone)
     */
    public record KeyTopic(@NotNull Boolean enabled, @NotNull Duration retryBackoff) {

        public KeyTopic {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
            if (retryBackoff.isNegative() || retryBackoff.isZero()) {
                throw new IllegalArgumentException("fieldlink.security.key-topic.retry-backoff must be positive");
            }
        }
    }

    /**
     * OAuth2/JWT bearer tokens, accepted beside API keys when {@code issuerUri} or {@code jwkSetUri} is set.
     *
     * @param issuerUri   the issuer: tokens must carry it as {@code iss}; without {@code jwkSetUri} its signing keys
     *                    are found through its OpenID / OAuth metadata ({@code /.well-known/...}) at the first token
     * @param jwkSetUri   where the signing keys are (JWK set); when set, no discovery is needed
     * @param tenantClaim claim naming the tenant (operator id); a token without it is refused (401)
     * @param rolesClaim  claim with the roles, a list of strings or one string separated by spaces or commas; the
     *                    same role names as API keys
     * @param audiences   when not empty, a token's {@code aud} must contain one of them
     */
    public record Jwt(URI issuerUri, URI jwkSetUri, @NotBlank String tenantClaim, @NotBlank String rolesClaim,
                      List<String> audiences) {

        public Jwt {
            tenantClaim = tenantClaim == null ? "tenant" : tenantClaim;
            rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
        }

        public boolean enabled() {
            return issuerUri != null || jwkSetUri != null;
        }
    }
}
