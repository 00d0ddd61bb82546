package io.fieldlink.support.security;

import io.fieldlink.contracts.ApiKeyChanged;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The keys issued through dashboard-api's admin API, as the latest record per key id of {@code iot.api-keys.v1}
 * says: revoked ones included (for the admin's list), only active ones accepted. Filled by the topic reader of
 * every service, and by dashboard-api right after its own writes so that the admin sees them at once.
 */
public final class IssuedApiKeys {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, ApiKeyChanged> byId = new ConcurrentHashMap<>();
    private final Map<String, TenantPrincipal> activeByHash = new ConcurrentHashMap<>();

    /**
     * Takes the latest state of a key. A revocation is final: an older "issued" record arriving after it (the
     * writer applied its own revocation before the topic delivered the issue) does not bring the key back.
     *
     * @return false when the record was not taken (malformed, or an un-revoke)
     */
    public synchronized boolean apply(ApiKeyChanged change) {
        if (!SHA256_HEX.matcher(change.sha256()).matches()) {
            return false;
        }
        ApiKeyChanged current = byId.get(change.keyId());
        if (current != null && !current.active() && change.active()) {
            return false;
        }
        if (current != null) {
            activeByHash.remove(current.sha256());
        }
        byId.put(change.keyId(), change);
        if (change.active()) {
            activeByHash.put(change.sha256(), new TenantPrincipal(change.keyId(), change.tenantId(), change.roles()));
        }
        return true;
    }

    /** Forgets a key (a tombstone on the topic). */
    public synchronized void remove(String keyId) {
        ApiKeyChanged current = byId.remove(keyId);
        if (current != null) {
            activeByHash.remove(current.sha256());
        }
    }

    /** The tenant's key with that id, revoked or not; another tenant's key is not found. */
    public Optional<ApiKeyChanged> find(String tenantId, String keyId) {
        return Optional.ofNullable(byId.get(keyId)).filter(key -> key.tenantId().equals(tenantId));
    }

    /** All keys of the tenant, revoked ones included, oldest first. */
    public List<ApiKeyChanged> list(String tenantId) {
        return byId.values().stream().filter(key -> key.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(ApiKeyChanged::createdAt).thenComparing(ApiKeyChanged::keyId))
                .toList();
    }

    /** How many active keys the tenant has. */
    public long activeCount(String tenantId) {
        return byId.values().stream().filter(key -> key.active() && key.tenantId().equals(tenantId)).count();
    }

    Optional<TenantPrincipal> byHash(String sha256Hex) {
        return Optional.ofNullable(activeByHash.get(sha256Hex));
    }
}
