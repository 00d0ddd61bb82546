package io.fieldlink.ingest.beam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the signature SORACOM Beam adds to HTTP requests (signature version {@code 20151001}).
 *
 * <p>The signed string is the PSK followed by {@code name=value} for every identity header that is
 * present and the timestamp, header names lower-cased and sorted (which is Beam's fixed order
 * IMEI, IMSI, MSISDN, SIM ID, timestamp), without separators; the signature is the lowercase hex
 * SHA-256 of it. Every configured credential's current and previous key is tried, always all of
 * them, and digests are compared with {@link MessageDigest#isEqual}. The timestamp must lie within
 * {@code maxSkew} of this server's clock in either direction.
 *
 * <p>The result says why a request was refused, for logs and metrics only: callers answer every
 * refusal identically. Nothing here logs, and no key or signature appears in any result or message.
 */
public final class BeamSignatureVerifier {

    public static final String SIGNATURE_VERSION = "20151001";

    public static final String IMEI = "x-soracom-imei";
    public static final String IMSI = "x-soracom-imsi";
    public static final String MSISDN = "x-soracom-msisdn";
    public static final String SIM_ID = "x-soracom-sim-id";
    public static final String SIGFOX_DEVICE_ID = "x-soracom-sigfox-device-id";
    public static final String LORA_DEVICE_ID = "x-soracom-lora-device-id";
    public static final String TIMESTAMP = "x-soracom-timestamp";
    public static final String SIGNATURE = "x-soracom-signature";
    public static final String SIGNATURE_VERSION_HEADER = "x-soracom-signature-version";

    /** Identity headers that take part in the signature when present, in signing (sorted) order. */
    public static final List<String> IDENTITY_HEADERS =
            List.of(IMEI, IMSI, LORA_DEVICE_ID, MSISDN, SIGFOX_DEVICE_ID, SIM_ID).stream().sorted().toList();

    private static final Set<String> RELEVANT = Set.of(IMEI, IMSI, MSISDN, SIM_ID, SIGFOX_DEVICE_ID, LORA_DEVICE_ID,
            TIMESTAMP, SIGNATURE, SIGNATURE_VERSION_HEADER);

    /** Why a request was refused. For logs and metrics; never sent to the client. */
    public enum Reason {
        NO_CREDENTIALS, MISSING_SIGNATURE, MALFORMED_SIGNATURE, UNSUPPORTED_VERSION, MISSING_TIMESTAMP,
        MALFORMED_TIMESTAMP, STALE_TIMESTAMP, FUTURE_TIMESTAMP, NO_IDENTITY, AMBIGUOUS_HEADER, SIGNATURE_MISMATCH,
        /** Beam TCP: the header line is not {@code name=value ...;signature=hex} with Beam's field names. */
        MALFORMED_HEADER
    }

    /** Beam TCP header line fields, in Beam's signing order, with the HTTP header each corresponds to. */
    private static final Map<String, String> TCP_FIELDS = tcpFields();

    private static Map<String, String> tcpFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("imei", IMEI);
        fields.put("imsi", IMSI);
        fields.put("msisdn", MSISDN);
        fields.put("simId", SIM_ID);
        return Collections.unmodifiableMap(fields);
    }

    private static final String TCP_SIGNATURE = ";signature=";

    /** A PSK credential: one Beam group's key (and the key being rotated out) for one tenant. */
    public record Credential(String id, String tenant, String psk, String previousPsk) {

        public Credential {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(tenant, "tenant");
            if (psk == null || psk.isEmpty()) {
                throw new IllegalArgumentException("Beam credential '" + id + "' has no PSK");
            }
            previousPsk = previousPsk == null || previousPsk.isEmpty() ? null : previousPsk;
        }

        List<byte[]> keys() {
            return previousPsk == null ? List.of(utf8(psk)) : List.of(utf8(psk), utf8(previousPsk));
        }

        @Override
        public String toString() {
            return "Credential[id=" + id + ", tenant=" + tenant + "]";
        }
    }

    public sealed interface Result permits Verified, Rejected {
    }

    /**
     * A request Beam vouched for.
     *
     * @param credentialId    id of the credential whose key matched
     * @param tenantId        that credential's tenant
     * @param previousKey     true when the credential's previous (rotated-out) key matched
     * @param timestamp       Beam's {@code x-soracom-timestamp}
     * @param identityHeaders the signed identity headers, lower-case names, in signing order
     */
    public record Verified(String credentialId, String tenantId, boolean previousKey, Instant timestamp,
                           Map<String, String> identityHeaders) implements Result {

        public Verified {
            identityHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(identityHeaders));
        }

        public String imsi() {
            return identityHeaders.get(IMSI);
        }

        public String imei() {
            return identityHeaders.get(IMEI);
        }

        public String msisdn() {
            return identityHeaders.get(MSISDN);
        }

        public String simId() {
            return identityHeaders.get(SIM_ID);
        }

        public String sigfoxDeviceId() {
            return identityHeaders.get(SIGFOX_DEVICE_ID);
        }

        public String loraDeviceId() {
            return identityHeaders.get(LORA_DEVICE_ID);
        }
    }

    public record Rejected(Reason reason) implements Result {
    }

    private final List<Credential> credentials;
    private final Duration maxSkew;
    private final Clock clock;

    public BeamSignatureVerifier(List<Credential> credentials, Duration maxSkew, Clock clock) {
        this.credentials = List.copyOf(credentials);
        this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
        this.clock = Objects.requireNonNull(clock, "clock");
        checkUnambiguous(this.credentials);
    }

    /** Same key in two credentials of different tenants would make the tenant of a request a guess. */
    private static void checkUnambiguous(List<Credential> credentials) {
        Set<String> ids = new HashSet<>();
        Map<String, String> tenantByKey = new HashMap<>();
        for (Credential c : credentials) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("Beam credential id '" + c.id() + "' is configured twice");
            }
            for (String key : c.previousPsk() == null ? List.of(c.psk()) : List.of(c.psk(), c.previousPsk())) {
                String other = tenantByKey.putIfAbsent(key, c.tenant());
                if (other != null && !other.equals(c.tenant())) {
                    throw new IllegalArgumentException("Beam credential '" + c.id()
                            + "' shares a key with a credential of another tenant");
                }
            }
        }
    }

    public int credentialCount() {
        return credentials.size();
    }

    /**
     * @param headers request headers, names in any case; a header sent twice counts as ambiguous
     */
    public Result verify(Map<String, ? extends List<String>> headers) {
        Map<String, List<String>> relevant = new HashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (RELEVANT.contains(lower) && values != null) {
                relevant.computeIfAbsent(lower, k -> new ArrayList<>()).addAll(values);
            }
        });
        for (List<String> values : relevant.values()) {
            if (values.size() != 1 || values.getFirst() == null) {
                return new Rejected(Reason.AMBIGUOUS_HEADER);
            }
        }
        if (credentials.isEmpty()) {
            return new Rejected(Reason.NO_CREDENTIALS);
        }
        String signature = single(relevant, SIGNATURE);
        if (signature == null || signature.isBlank()) {
            return new Rejected(Reason.MISSING_SIGNATURE);
        }
        if (!SIGNATURE_VERSION.equals(trim(single(relevant, SIGNATURE_VERSION_HEADER)))) {
            return new Rejected(Reason.UNSUPPORTED_VERSION);
        }
        Map<String, String> identity = new LinkedHashMap<>();
        for (String name : IDENTITY_HEADERS) {
            String value = single(relevant, name);
            if (value != null) {
                identity.put(name, value);
            }
        }
        return verifySignature(signature, single(relevant, TIMESTAMP), identity, ts -> signedString(identity, ts));
    }

    /**
     * Checks the header line Beam's TCP entry point sends first on a connection:
     * {@code imei=... imsi=... msisdn=... simId=... timestamp=...;signature=<hex>} (only the enabled
     * fields, space separated, timestamp in epoch milliseconds). The signed string is the PSK followed
     * by the fields in Beam's order ({@code imei imsi msisdn simId timestamp}), space separated:
     * {@code {PSK}imei={IMEI} imsi={IMSI} timestamp={TS}}. Same credentials, skew window and
     * constant-time comparison as {@link #verify(Map) HTTP}; the identity comes back under the HTTP
     * header names ({@code x-soracom-imsi}, ...). Fields may arrive in any order; a field sent twice,
     * an unknown field or a line without {@code ;signature=} is refused.
     *
     * @param line the first line, without its line end
     */
    public Result verifyTcpHeader(String line) {
        int at = line == null ? -1 : line.lastIndexOf(TCP_SIGNATURE);
        if (at < 0) {
            return new Rejected(line != null && line.contains("timestamp=") ? Reason.MISSING_SIGNATURE : Reason.MALFORMED_HEADER);
        }
        String signature = line.substring(at + TCP_SIGNATURE.length());
        Map<String, String> fields = new HashMap<>();
        String timestamp = null;
        for (String token : line.substring(0, at).strip().split(" +")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                return new Rejected(Reason.MALFORMED_HEADER);
            }
            String name = token.substring(0, eq);
            String value = token.substring(eq + 1);
            if (name.equals("timestamp")) {
                if (timestamp != null) {
                    return new Rejected(Reason.AMBIGUOUS_HEADER);
                }
                timestamp = value;
            } else if (!TCP_FIELDS.containsKey(name)) {
                return new Rejected(Reason.MALFORMED_HEADER);
            } else if (fields.putIfAbsent(name, value) != null) {
                return new Rejected(Reason.AMBIGUOUS_HEADER);
            }
        }
        if (credentials.isEmpty()) {
            return new Rejected(Reason.NO_CREDENTIALS);
        }
        if (signature.isBlank()) {
            return new Rejected(Reason.MISSING_SIGNATURE);
        }
        Map<String, String> identity = new LinkedHashMap<>();
        TCP_FIELDS.forEach((name, header) -> {
            if (fields.containsKey(name)) {
                identity.put(header, fields.get(name));
            }
        });
        return verifySignature(signature, timestamp, identity, ts -> tcpSignedString(fields, ts));
    }

    /** The whole Beam TCP header line for these fields ({@code imsi}, {@code imei}, ...), as Beam would send it. For tests and tools. */
    public static String tcpHeaderLine(String psk, Map<String, String> fields, long timestampMillis) {
        String signed = tcpSignedString(fields, Long.toString(timestampMillis));
        return signed + TCP_SIGNATURE + HexFormat.of().formatHex(digest(utf8(psk), utf8(signed)));
    }

    private static String tcpSignedString(Map<String, String> fields, String timestamp) {
        StringBuilder s = new StringBuilder();
        for (String name : TCP_FIELDS.keySet()) {
            if (fields.containsKey(name)) {
                s.append(name).append('=').append(fields.get(name)).append(' ');
            }
        }
        return s.append("timestamp=").append(timestamp).toString();
    }

    private Result verifySignature(String signature, String timestamp, Map<String, String> identity,
                                   java.util.function.Function<String, String> signedString) {
        if (timestamp == null) {
            return new Rejected(Reason.MISSING_TIMESTAMP);
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return new Rejected(Reason.MALFORMED_TIMESTAMP);
        }
        Instant sent = Instant.ofEpochMilli(millis);
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(maxSkew))) {
            return new Rejected(Reason.STALE_TIMESTAMP);
        }
        if (sent.isAfter(now.plus(maxSkew))) {
            return new Rejected(Reason.FUTURE_TIMESTAMP);
        }
        if (identity.values().stream().allMatch(String::isBlank)) {
            return new Rejected(Reason.NO_IDENTITY);
        }
        byte[] presented = parseHex(signature.trim());
        if (presented == null) {
            return new Rejected(Reason.MALFORMED_SIGNATURE);
        }
        byte[] signed = utf8(signedString.apply(timestamp));
        // every key of every credential, no early exit: timing does not tell which one matched
        Credential matched = null;
        boolean matchedPrevious = false;
        for (Credential credential : credentials) {
            List<byte[]> keys = credential.keys();
            for (int i = 0; i < keys.size(); i++) {
                boolean equal = MessageDigest.isEqual(digest(keys.get(i), signed), presented);
                if (equal && matched == null) {
                    matched = credential;
                    matchedPrevious = i > 0;
                }
            }
        }
        if (matched == null) {
            return new Rejected(Reason.SIGNATURE_MISMATCH);
        }
        return new Verified(matched.id(), matched.tenant(), matchedPrevious, sent, identity);
    }

    /**
     * The signature Beam would send: lowercase hex SHA-256 of PSK + {@code name=value} pairs of the
     * given identity headers (lower-cased, sorted) + {@code x-soracom-timestamp=}timestamp.
     * For tests, tools and docs; the verifier itself compares digests, not strings.
     */
    public static String sign(String psk, Map<String, String> identityHeaders, long timestampMillis) {
        Map<String, String> identity = new java.util.TreeMap<>();
        identityHeaders.forEach((k, v) -> identity.put(k.toLowerCase(Locale.ROOT), v));
        return HexFormat.of().formatHex(digest(utf8(psk), utf8(signedString(identity, Long.toString(timestampMillis)))));
    }

    private static String signedString(Map<String, String> sortedIdentity, String timestamp) {
        StringBuilder s = new StringBuilder();
        new java.util.TreeMap<>(sortedIdentity).forEach((name, value) -> s.append(name).append('=').append(value));
        return s.append(TIMESTAMP).append('=').append(timestamp).toString();
    }

    private static byte[] digest(byte[] key, byte[] signed) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(key);
            return sha256.digest(signed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static byte[] parseHex(String hex) {
        if (hex.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String single(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.getFirst();
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
