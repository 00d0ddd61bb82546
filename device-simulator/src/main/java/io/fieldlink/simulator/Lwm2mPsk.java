package io.fieldlink.simulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * DTLS pre-shared keys of the LwM2M profile: identity = the endpoint name, key = an explicit key or
 * {@code HMAC-SHA256(masterKey, endpointName)} (32 bytes), so a fleet shares one secret with the server without
 * per-device configuration.
 */
final class Lwm2mPsk {

    private Lwm2mPsk() {
    }

    static byte[] derive(byte[] masterKey, String endpoint) {
        if (masterKey == null || masterKey.length == 0) {
            throw new IllegalArgumentException("the PSK master key must not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(endpoint.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
