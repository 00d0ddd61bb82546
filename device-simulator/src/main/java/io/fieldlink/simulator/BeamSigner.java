package io.fieldlink.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * SORACOM Beam request signature, version {@value #SIGNATURE_VERSION} (HTTP/HTTPS entry points).
 *
 * <p>The signed string is the PSK followed by every present {@code x-soracom-*} identity header and
 * the timestamp as {@code name=value}, lower-case names in sorted order (IMEI, IMSI, MSISDN, SIM ID,
 * timestamp), no separators; the signature and signature-version headers never take part. The
 * signature is the lowercase hex SHA-256 of that string: a plain hash of key + string, not an HMAC.
 */
public final class BeamSigner {

    public static final String IMEI = "x-soracom-imei";
    public static final String IMSI = "x-soracom-imsi";
    public static final String TIMESTAMP = "x-soracom-timestamp";
    public static final String SIGNATURE = "x-soracom-signature";
    public static final String SIGNATURE_VERSION_HEADER = "x-soracom-signature-version";
    public static final String SIGNATURE_VERSION = "20151001";

    private static final String PREFIX = "x-soracom-";
    private static final int MAX_PSK_LENGTH = 4096;

    private BeamSigner() {
    }

    /**
     * {@code sha256(psk + "x-soracom-imei=" + imei + "x-soracom-imsi=" + imsi + "x-soracom-timestamp=" + timestamp)}.
     *
     * @param timestampMillis Unix epoch in milliseconds, as sent in {@code x-soracom-timestamp}
     */
    public static String sign(String psk, String imei, String imsi, long timestampMillis) {
        requirePsk(psk);
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(imsi, "imsi");
        return sha256Hex(psk + IMEI + "=" + imei + IMSI + "=" + imsi + TIMESTAMP + "=" + timestampMillis);
    }

    /**
     * Signs whatever {@code x-soracom-*} headers are given (any case, any order); other headers and
     * the signature / signature-version headers are ignored. Useful to check a received request.
     */
    public static String sign(String psk, Map<String, String> headers) {
        requirePsk(psk);
        var signed = new TreeMap<String, String>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(PREFIX) && !lower.equals(SIGNATURE) && !lower.equals(SIGNATURE_VERSION_HEADER)) {
                signed.put(lower, value);
            }
        });
        var text = new StringBuilder(psk);
        signed.forEach((name, value) -> text.append(name).append('=').append(value));
        return sha256Hex(text.toString());
    }

    private static void requirePsk(String psk) {
        if (psk == null || psk.isEmpty() || psk.length() > MAX_PSK_LENGTH) {
            throw new IllegalArgumentException("the Beam PSK must be 1 to " + MAX_PSK_LENGTH + " characters");
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
