package io.fieldlink.command.lwm2m;

import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStore;

/**
 * Leshan's view of {@link PskKeys}: the PSK identity is the endpoint name. Leshan's DTLS handshake looks keys up by
 * identity, and its authorizer checks that a registering endpoint uses the security this store gives it (an endpoint
 * with a key cannot register over plain CoAP). Keys are computed on each lookup and never cached or logged.
 */
final class DeviceSecurityStore implements SecurityStore {

    private final PskKeys keys;

    DeviceSecurityStore(PskKeys keys) {
        this.keys = keys;
    }

    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        return keys.keyOf(endpoint).map(key -> SecurityInfo.newPreSharedKeyInfo(endpoint, endpoint, key)).orElse(null);
    }

    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        return getByEndpoint(pskIdentity);
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
        return null;
    }
}
