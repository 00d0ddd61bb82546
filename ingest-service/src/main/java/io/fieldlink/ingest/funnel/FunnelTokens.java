package io.fieldlink.ingest.funnel;

import io.fieldlink.support.security.ApiKeyRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenant ingest tokens for Funnel relays, stored as SHA-256 hashes only (hashed like API keys,
 * {@link ApiKeyRegistry#sha256Hex}). A presented token is
 * hashed and looked up; comparing hashes means timing reveals nothing usable about a stored token.
 */
public final class FunnelTokens {

    /** A configured token: its name, its tenant, and the SHA-256 of the token. */
    public record Token(String id, String tenant, String sha256) {
    }

    private final Map<String, Token> byHash = new HashMap<>();

    public FunnelTokens(List<Token> tokens) {
        for (Token token : tokens) {
            if (byHash.putIfAbsent(token.sha256(), token) != null) {
                throw new IllegalArgumentException("Funnel token '" + token.id() + "' is configured twice");
            }
        }
    }

    public Optional<Token> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(ApiKeyRegistry.sha256Hex(presented)));
    }

    /** The token from {@code Authorization: Bearer <token>} (scheme case-insensitive), or null. */
    public static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
