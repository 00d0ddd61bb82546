package io.fieldlink.command.lwm2m;

import io.fieldlink.command.CommandProperties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The pre-shared key of each LwM2M endpoint (identity = endpoint name): its own key from configuration, else
 * HMAC-SHA256(master key, endpoint name) when a master key is configured, else none (the endpoint may only use plain
 * CoAP, and only where that is allowed). The derivation lets a fleet be provisioned with keys computed from one
 * secret, without configuring every device here; the device simulator derives the same way.
 */
final class PskKeys {

    private final Map<String, byte[]> own = new HashMap<>();
    private final byte[] master;

    PskKeys(CommandProperties.Lwm2m settings) {
        for (CommandProperties.Lwm2mClient client : settings.clients()) {
            if (!client.pskKey().isEmpty()) {
                own.put(client.endpoint(), HexFormat.of().parseHex(client.pskKey()));
            }
        }
        master = settings.pskMasterKey().isEmpty() ? null : HexFormat.of().parseHex(settings.pskMasterKey());
    }

    /** The key of an endpoint, if it has one. */
    Optional<byte[]> keyOf(String endpoint) {
        byte[] key = own.get(endpoint);
        if (key != null) {
            return Optional.of(key.clone());
        }
        return master == null ? Optional.empty() : Optional.of(derive(master, endpoint));
    }

    /** HMAC-SHA256 of the endpoint name (UTF-8) under the master key: 32 bytes. */
    static byte[] derive(byte[] master, String endpoint) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(endpoint.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
