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
 * Looks up a presented key by its SHA-256. Comparing hashes (not keys) means a timing difference
 * reveals nothing usable about any stored key.
 */
public final class ApiKeyRegistry {

    private final Map<String, TenantPrincipal> byHash;

    public ApiKeyRegistry(List<SecurityProperties.ApiKey> keys) {
        this.byHash = keys.stream().collect(Collectors.toUnmodifiableMap(
                SecurityProperties.ApiKey::sha256,
                k -> new TenantPrincipal(k.id(), k.tenant(), k.roles())));
    }

    public Optional<TenantPrincipal> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256Hex(presentedKey)));
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
