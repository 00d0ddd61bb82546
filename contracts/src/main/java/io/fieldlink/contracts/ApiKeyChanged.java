package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An API key issued (or revoked) by dashboard-api's admin API, published on {@link Topics#API_KEYS} keyed by
 * {@code keyId}; the topic is compacted, so the latest record per key id is the key. Every service reads the topic
 * and accepts the key while {@code revokedAt} is null. The key itself is never published, only its SHA-256.
 *
 * @param keyId     the key's id, shown in lists, logs and audit instead of the key
 * @param tenantId  operator id whose data the key may see
 * @param name      what the key is for, as its admin named it
 * @param roles     what the key may do (dashboard-api: viewer, operator, admin); sorted
 * @param sha256    lowercase hex SHA-256 of the key (as {@code printf %s "$KEY" | sha256sum} prints it)
 * @param createdAt when the key was issued
 * @param revokedAt when it was revoked; null while the key is valid. A revocation is final.
 */
public record ApiKeyChanged(
        String keyId,
        String tenantId,
        String name,
        Set<String> roles,
        String sha256,
        Instant createdAt,
        Instant revokedAt) {

    public ApiKeyChanged {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        roles = roles == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(roles));
    }

    /** True while the key is accepted. */
    public boolean active() {
        return revokedAt == null;
    }

    /** This key, revoked at {@code when}. */
    public ApiKeyChanged revoked(Instant when) {
        return new ApiKeyChanged(keyId, tenantId, name, roles, sha256, createdAt, when);
    }
}
