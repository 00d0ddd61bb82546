package io.fieldlink.dashboard.keys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * New key ids and secrets. A secret is {@code flk_} + 32 random bytes in base64url (43 characters): the prefix
 * lets secret scanners and people recognise a Fieldlink key; it has no dots, so it is never taken for a JWT.
 */
final class ApiKeySecrets {

    static final String PREFIX = "flk_";

    private final SecureRandom random;

    ApiKeySecrets(SecureRandom random) {
        this.random = random;
    }

    String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code key-} + 16 hex digits: not secret, unguessable enough that ids of other tenants cannot be listed. */
    String newKeyId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "key-" + HexFormat.of().formatHex(bytes);
    }
}
