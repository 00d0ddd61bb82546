package io.fieldlink.ingest;

import io.fieldlink.ingest.beam.BeamSignatureVerifier;

import java.util.LinkedHashMap;
import java.util.Map;

/** Headers SORACOM Beam would add to a device's request, signed with a PSK. For tests. */
public final class BeamRequests {

    private BeamRequests() {
    }

    /** Signed Beam headers for a cellular device (IMSI and IMEI), timestamp now. */
    public static Map<String, String> signed(String psk, String imsi, String imei) {
        return signed(psk, imsi, imei, System.currentTimeMillis());
    }

    public static Map<String, String> signed(String psk, String imsi, String imei, long timestampMillis) {
        Map<String, String> identity = new LinkedHashMap<>();
        if (imei != null) {
            identity.put(BeamSignatureVerifier.IMEI, imei);
        }
        if (imsi != null) {
            identity.put(BeamSignatureVerifier.IMSI, imsi);
        }
        return signedIdentity(psk, identity, timestampMillis);
    }

    public static Map<String, String> signedIdentity(String psk, Map<String, String> identity, long timestampMillis) {
        Map<String, String> headers = new LinkedHashMap<>(identity);
        headers.put(BeamSignatureVerifier.TIMESTAMP, Long.toString(timestampMillis));
        headers.put(BeamSignatureVerifier.SIGNATURE_VERSION_HEADER, BeamSignatureVerifier.SIGNATURE_VERSION);
        headers.put(BeamSignatureVerifier.SIGNATURE, BeamSignatureVerifier.sign(psk, identity, timestampMillis));
        return headers;
    }
}
