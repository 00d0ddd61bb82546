package io.fieldlink.support.security;

import java.util.Set;

/**
 * Who is calling: the API key's id (never the key) and the tenant it may see. Controllers take it
 * with {@code @AuthenticationPrincipal TenantPrincipal caller}.
 */
public record TenantPrincipal(String keyId, String tenantId, Set<String> roles) {

    @Override
    public String toString() {
        return keyId + "@" + tenantId;
    }
}
