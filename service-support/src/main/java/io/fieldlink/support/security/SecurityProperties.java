package io.fieldlink.support.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;
import java.util.Set;

/**
 * API keys of a service ({@code fieldlink.security.*}). Keys are stored only as SHA-256 hashes
 * ({@code printf %s "$KEY" | sha256sum}); with no keys configured every API answers 401.
 *
 * @param apiKeys     accepted keys, each bound to one tenant (operator id)
 * @param permitPaths Ant-style paths the service authenticates by other means (e.g. Beam signatures);
 *                    health probes are always open
 */
@Validated
@ConfigurationProperties("fieldlink.security")
public record SecurityProperties(@Valid List<ApiKey> apiKeys, List<String> permitPaths) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        permitPaths = permitPaths == null ? List.of() : List.copyOf(permitPaths);
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
}
