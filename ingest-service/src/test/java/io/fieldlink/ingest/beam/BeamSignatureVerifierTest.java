package io.fieldlink.ingest.beam;

import io.fieldlink.ingest.beam.BeamSignatureVerifier.Credential;
import io.fieldlink.ingest.beam.BeamSignatureVerifier.Reason;
import io.fieldlink.ingest.beam.BeamSignatureVerifier.Rejected;
import io.fieldlink.ingest.beam.BeamSignatureVerifier.Verified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BeamSignatureVerifierTest {

    // the two published vectors (docs: shared/docs/soracom-wire-formats.md)
    private static final long TS1 = 1445587157992L;
    private static final String SIG1 = "95c8e34d68e2bd76502c1e403108dc1bd7008964c31081d0415adb9f21a721a5";
    private static final long TS2 = 1443571200000L;
    private static final String SIG2 = "125d84ef000ed210da7a4de94fe601589295370c9e465982c8ddb84dcb7e779e";

    private static final Duration SKEW = Duration.ofMinutes(5);

    private static BeamSignatureVerifier verifier(long nowMillis, Credential... credentials) {
        return new BeamSignatureVerifier(List.of(credentials), SKEW,
                Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC));
    }

    private static Map<String, List<String>> vector1() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("x-soracom-imei", List.of("860000012345678"));
        h.put("x-soracom-imsi", List.of("295000012345678"));
        h.put("x-soracom-timestamp", List.of(Long.toString(TS1)));
        h.put("x-soracom-signature-version", List.of("20151001"));
        h.put("x-soracom-signature", List.of(SIG1));
        return h;
    }

    private static Map<String, List<String>> vector2() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("x-soracom-imei", List.of("012345678901234"));
        h.put("x-soracom-imsi", List.of("295100000000001"));
        h.put("x-soracom-timestamp", List.of(Long.toString(TS2)));
        h.put("x-soracom-signature-version", List.of("20151001"));
        h.put("x-soracom-signature", List.of(SIG2));
        return h;
    }

    private static final Credential ONE = new Credential("one", "OP0000000001", "mysecretkey", null);
    private static final Credential TWO = new Credential("two", "OP0000000002", "secret", null);

    private static Reason reason(BeamSignatureVerifier.Result result) {
        assertThat(result).isInstanceOf(Rejected.class);
        return ((Rejected) result).reason();
    }

    @Test
    void signReproducesBothPublishedVectors() {
        assertThat(BeamSignatureVerifier.sign("mysecretkey",
                Map.of("x-soracom-imsi", "295000012345678", "x-soracom-imei", "860000012345678"), TS1)).isEqualTo(SIG1);
        assertThat(BeamSignatureVerifier.sign("secret",
                Map.of("X-Soracom-IMEI", "012345678901234", "x-soracom-imsi", "295100000000001"), TS2)).isEqualTo(SIG2);
    }

    @Test
    void acceptsPublishedVectorOne() {
        var result = verifier(TS1, ONE).verify(vector1());
        assertThat(result).isInstanceOf(Verified.class);
        Verified v = (Verified) result;
        assertThat(v.credentialId()).isEqualTo("one");
        assertThat(v.tenantId()).isEqualTo("OP0000000001");
        assertThat(v.previousKey()).isFalse();
        assertThat(v.timestamp()).isEqualTo(Instant.ofEpochMilli(TS1));
        assertThat(v.imsi()).isEqualTo("295000012345678");
        assertThat(v.imei()).isEqualTo("860000012345678");
        assertThat(v.msisdn()).isNull();
    }

    @Test
    void acceptsPublishedVectorTwoAndPicksTheCredentialWhoseKeyMatches() {
        var result = verifier(TS2, ONE, TWO).verify(vector2());
        assertThat(result).isInstanceOfSatisfying(Verified.class, v -> {
            assertThat(v.credentialId()).isEqualTo("two");
            assertThat(v.tenantId()).isEqualTo("OP0000000002");
        });
    }

    @Test
    void wrongKeyIsAMismatch() {
        assertThat(reason(verifier(TS1, TWO).verify(vector1()))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void previousKeyIsAcceptedDuringRotation() {
        var rotating = new Credential("one", "OP0000000001", "the-new-key", "mysecretkey");
        assertThat(verifier(TS1, rotating).verify(vector1()))
                .isInstanceOfSatisfying(Verified.class, v -> assertThat(v.previousKey()).isTrue());
        var rotatedBack = new Credential("one", "OP0000000001", "mysecretkey", "the-old-key");
        assertThat(verifier(TS1, rotatedBack).verify(vector1()))
                .isInstanceOfSatisfying(Verified.class, v -> assertThat(v.previousKey()).isFalse());
        var neither = new Credential("one", "OP0000000001", "the-new-key", "the-old-key");
        assertThat(reason(verifier(TS1, neither).verify(vector1()))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void headerNamesInAnyCaseAndOrder() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("X-SORACOM-SIGNATURE", List.of(SIG1));
        h.put("X-Soracom-Timestamp", List.of(Long.toString(TS1)));
        h.put("x-SORACOM-imsi", List.of("295000012345678"));
        h.put("X-Soracom-Signature-Version", List.of("20151001"));
        h.put("X-Soracom-Imei", List.of("860000012345678"));
        h.put("Content-Type", List.of("application/json"));
        assertThat(verifier(TS1, ONE).verify(h)).isInstanceOf(Verified.class);
    }

    @Test
    void upperCaseHexSignatureIsTheSameSignature() {
        var h = vector1();
        h.put("x-soracom-signature", List.of(SIG1.toUpperCase(Locale.ROOT)));
        assertThat(verifier(TS1, ONE).verify(h)).isInstanceOf(Verified.class);
    }

    @ParameterizedTest
    @CsvSource({
            "x-soracom-imei, 860000012345679",
            "x-soracom-imsi, 295000012345679",
            "x-soracom-timestamp, 1445587157993",
    })
    void anyTamperedSignedValueIsAMismatch(String header, String value) {
        var h = vector1();
        h.put(header, List.of(value));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void tamperedSignatureIsAMismatch() {
        var h = vector1();
        h.put("x-soracom-signature", List.of("0" + SIG1.substring(1)));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void anAddedIdentityHeaderIsSignedTooSoItBreaksTheSignature() {
        var h = vector1();
        h.put("x-soracom-msisdn", List.of("819012345678"));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void aMissingSignedHeaderBreaksTheSignature() {
        var h = vector1();
        h.remove("x-soracom-imei");
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void missingSignature() {
        var h = vector1();
        h.remove("x-soracom-signature");
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.MISSING_SIGNATURE);
        h.put("x-soracom-signature", List.of(""));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    @Test
    void signatureThatIsNotSixtyFourHexDigits() {
        var h = vector1();
        h.put("x-soracom-signature", List.of(SIG1.substring(2)));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        h.put("x-soracom-signature", List.of("zz" + SIG1.substring(2)));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void missingTimestamp() {
        var h = vector1();
        h.remove("x-soracom-timestamp");
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.MISSING_TIMESTAMP);
        h.put("x-soracom-timestamp", List.of("yesterday"));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.MALFORMED_TIMESTAMP);
    }

    @ParameterizedTest
    @CsvSource({"20150901", "20151002", "''"})
    void onlySignatureVersion20151001(String version) {
        var h = vector1();
        h.put("x-soracom-signature-version", List.of(version));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void missingSignatureVersion() {
        var h = vector1();
        h.remove("x-soracom-signature-version");
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void staleAndFutureTimestampsOutsideTheSkewWindow() {
        long skew = SKEW.toMillis();
        assertThat(verifier(TS1 + skew, ONE).verify(vector1())).isInstanceOf(Verified.class);
        assertThat(verifier(TS1 - skew, ONE).verify(vector1())).isInstanceOf(Verified.class);
        assertThat(reason(verifier(TS1 + skew + 1, ONE).verify(vector1()))).isEqualTo(Reason.STALE_TIMESTAMP);
        assertThat(reason(verifier(TS1 - skew - 1, ONE).verify(vector1()))).isEqualTo(Reason.FUTURE_TIMESTAMP);
        // the vector as it is, checked today: long stale
        var today = new BeamSignatureVerifier(List.of(ONE), SKEW, Clock.systemUTC());
        assertThat(reason(today.verify(vector1()))).isEqualTo(Reason.STALE_TIMESTAMP);
    }

    @Test
    void skewIsConfigurable() {
        var wide = new BeamSignatureVerifier(List.of(ONE), Duration.ofHours(1),
                Clock.fixed(Instant.ofEpochMilli(TS1 + Duration.ofMinutes(59).toMillis()), ZoneOffset.UTC));
        assertThat(wide.verify(vector1())).isInstanceOf(Verified.class);
    }

    @Test
    void noIdentityHeaderAtAll() {
        long now = 1_800_000_000_000L;
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("x-soracom-timestamp", List.of(Long.toString(now)));
        h.put("x-soracom-signature-version", List.of("20151001"));
        h.put("x-soracom-signature", List.of(BeamSignatureVerifier.sign("mysecretkey", Map.of(), now)));
        assertThat(reason(verifier(now, ONE).verify(h))).isEqualTo(Reason.NO_IDENTITY);
    }

    @Test
    void aSignedHeaderSentTwiceIsAmbiguous() {
        var h = vector1();
        h.put("x-soracom-imsi", List.of("295000012345678", "295000012345679"));
        assertThat(reason(verifier(TS1, ONE).verify(h))).isEqualTo(Reason.AMBIGUOUS_HEADER);
        var mixedCase = vector1();
        mixedCase.put("X-Soracom-Imsi", List.of("295000012345679"));
        assertThat(reason(verifier(TS1, ONE).verify(mixedCase))).isEqualTo(Reason.AMBIGUOUS_HEADER);
    }

    @Test
    void noCredentialsRefusesEverything() {
        assertThat(reason(verifier(TS1).verify(vector1()))).isEqualTo(Reason.NO_CREDENTIALS);
    }

    @Test
    void allIdentityHeadersTakePartInSortedOrder() {
        long now = 1_800_000_000_000L;
        Map<String, String> identity = Map.of(
                "x-soracom-sim-id", "8942310000000000001",
                "x-soracom-msisdn", "819012345678",
                "x-soracom-imsi", "295000012345678",
                "x-soracom-imei", "860000012345678");
        // Beam's fixed order IMEI, IMSI, MSISDN, SIM ID, timestamp, computed by hand
        String expected = sha256Hex("k" + "x-soracom-imei=860000012345678" + "x-soracom-imsi=295000012345678"
                + "x-soracom-msisdn=819012345678" + "x-soracom-sim-id=8942310000000000001"
                + "x-soracom-timestamp=" + now);
        assertThat(BeamSignatureVerifier.sign("k", identity, now)).isEqualTo(expected);
        Map<String, List<String>> h = new LinkedHashMap<>();
        identity.forEach((k, v) -> h.put(k, List.of(v)));
        h.put("x-soracom-timestamp", List.of(Long.toString(now)));
        h.put("x-soracom-signature-version", List.of("20151001"));
        h.put("x-soracom-signature", List.of(expected));
        var result = verifier(now, new Credential("c", "OP0000000001", "k", null)).verify(h);
        assertThat(result).isInstanceOfSatisfying(Verified.class, v -> {
            assertThat(v.simId()).isEqualTo("8942310000000000001");
            assertThat(v.msisdn()).isEqualTo("819012345678");
        });
    }

    @Test
    void lpwaVariantSignsTheDeviceIdAndTimestamp() {
        long now = 1_800_000_000_000L;
        String sigfox = sha256Hex("k" + "x-soracom-sigfox-device-id=1A2B3C" + "x-soracom-timestamp=" + now);
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("X-Soracom-Sigfox-Device-Id", List.of("1A2B3C"));
        h.put("x-soracom-timestamp", List.of(Long.toString(now)));
        h.put("x-soracom-signature-version", List.of("20151001"));
        h.put("x-soracom-signature", List.of(sigfox));
        var credential = new Credential("c", "OP0000000001", "k", null);
        assertThat(verifier(now, credential).verify(h))
                .isInstanceOfSatisfying(Verified.class, v -> assertThat(v.sigfoxDeviceId()).isEqualTo("1A2B3C"));

        String lora = sha256Hex("k" + "x-soracom-lora-device-id=0011223344556677" + "x-soracom-timestamp=" + now);
        h.remove("X-Soracom-Sigfox-Device-Id");
        h.put("x-soracom-lora-device-id", List.of("0011223344556677"));
        h.put("x-soracom-signature", List.of(lora));
        assertThat(verifier(now, credential).verify(h))
                .isInstanceOfSatisfying(Verified.class, v -> assertThat(v.loraDeviceId()).isEqualTo("0011223344556677"));
    }

    @Test
    void otherSoracomHeadersDoNotTakePart() {
        var h = vector1();
        h.put("x-soracom-foo", List.of("bar"));
        assertThat(verifier(TS1, ONE).verify(h)).isInstanceOf(Verified.class);
    }

    @Test
    void refusesAmbiguousConfiguration() {
        assertThatThrownBy(() -> verifier(TS1, ONE, new Credential("one", "OP0000000002", "other", null)))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> verifier(TS1, ONE, new Credential("x", "OP0000000002", "other", "mysecretkey")))
                .hasMessageContaining("another tenant")
                .hasMessageNotContaining("mysecretkey");
        assertThatThrownBy(() -> new Credential("x", "OP0000000002", "", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsNeverPrintTheirKeys() {
        var c = new Credential("one", "OP0000000001", "mysecretkey", "previous-secret");
        assertThat(c.toString()).doesNotContain("mysecretkey").doesNotContain("previous-secret");
    }

    private static String sha256Hex(String s) {
        return io.fieldlink.ingest.telemetry.MessageIds.sha256Hex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
