package io.fieldlink.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Looks up a presented key by its SHA-256: first among the configured keys, then among the issued ones
 * ({@link IssuedApiKeys}). Comparing hashes (not keys) means a timing difference reveals nothing usable about any
 * stored key.
 */
public final class ApiKeyRegistry {

    private final Map<String, TenantPrincipal> configuredByHash;
    private final IssuedApiKeys issued;

    public ApiKeyRegistry(List<SecurityProperties.ApiKey> keys) {
        this(keys, new IssuedApiKeys());
    }

    public ApiKeyRegistry(List<SecurityProperties.ApiKey> keys, IssuedApiKeys issued) {
        this.configuredByHash = keys.stream().collect(Collectors.toUnmodifiableMap(
                SecurityProperties.ApiKey::sha256,
                k -> new TenantPrincipal(k.id(), k.tenant(), k.roles())));
        this.issued = issued;
    }

    public Optional<TenantPrincipal> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        String hash = sha256Hex(presentedKey);
        TenantPrincipal configured = configuredByHash.get(hash);
        return configured != null ? Optional.of(configured) : issued.byHash(hash);
    }

    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
