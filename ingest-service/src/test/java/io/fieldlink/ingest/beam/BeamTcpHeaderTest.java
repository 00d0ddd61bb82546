package io.fieldlink.ingest.beam;

import io.fieldlink.ingest.beam.BeamSignatureVerifier.Credential;
import io.fieldlink.ingest.beam.BeamSignatureVerifier.Reason;
import io.fieldlink.ingest.beam.BeamSignatureVerifier.Rejected;
import io.fieldlink.ingest.beam.BeamSignatureVerifier.Verified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BeamSignatureVerifier#verifyTcpHeader}: Beam's TCP header line, same keys and rules as HTTP. */
class BeamTcpHeaderTest {

    private static final long TS = 1445587157992L;
    // printf %s "mysecretkeyimei=860000012345678 imsi=295000012345678 timestamp=1445587157992" | sha256sum
    private static final String SIG = "80188d076747e6535d4e4a339dca3a8960dd6e2e24b8e28e8d8afef39655eca5";
    private static final String LINE = "imei=860000012345678 imsi=295000012345678 timestamp=" + TS + ";signature=" + SIG;

    private static final Credential ONE = new Credential("one", "OP0000000001", "mysecretkey", null);
    private static final Credential OTHER = new Credential("other", "OP0000000002", "other-key", null);

    private static BeamSignatureVerifier verifier(long nowMillis, Credential... credentials) {
        return new BeamSignatureVerifier(List.of(credentials), Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC));
    }

    private static Reason reason(BeamSignatureVerifier.Result result) {
        assertThat(result).isInstanceOf(Rejected.class);
        return ((Rejected) result).reason();
    }

    @Test
    void headerLineReproducesTheHandComputedSignature() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("imsi", "295000012345678");
        fields.put("imei", "860000012345678");
        assertThat(BeamSignatureVerifier.tcpHeaderLine("mysecretkey", fields, TS)).isEqualTo(LINE);
    }

    @Test
    void acceptsASignedLineWithTheTenantOfTheMatchingKey() {
        var result = verifier(TS + 1000, OTHER, ONE).verifyTcpHeader(LINE);
        assertThat(result).isInstanceOf(Verified.class);
        Verified v = (Verified) result;
        assertThat(v.tenantId()).isEqualTo("OP0000000001");
        assertThat(v.credentialId()).isEqualTo("one");
        assertThat(v.imsi()).isEqualTo("295000012345678");
        assertThat(v.imei()).isEqualTo("860000012345678");
        assertThat(v.timestamp()).isEqualTo(Instant.ofEpochMilli(TS));
        assertThat(BeamTelemetryController.deviceId(v)).isEqualTo("295000012345678");
    }

    @Test
    void fieldsInAnotherOrderAndUpperCaseHexStillVerify() {
        String reordered = "timestamp=" + TS + " imsi=295000012345678 imei=860000012345678;signature=" + SIG.toUpperCase();
        assertThat(verifier(TS, ONE).verifyTcpHeader(reordered)).isInstanceOf(Verified.class);
    }

    @Test
    void allFourIdentityFields() {
        Map<String, String> fields = Map.of("imei", "860000012345678", "imsi", "295000012345678",
                "msisdn", "819012345678", "simId", "8942310022000012345");
        String line = BeamSignatureVerifier.tcpHeaderLine("mysecretkey", fields, TS);
        assertThat(line).startsWith("imei=860000012345678 imsi=295000012345678 msisdn=819012345678 simId=8942310022000012345 timestamp=");
        Verified v = (Verified) verifier(TS, ONE).verifyTcpHeader(line);
        assertThat(v.msisdn()).isEqualTo("819012345678");
        assertThat(v.simId()).isEqualTo("8942310022000012345");
    }

    @Test
    void rotationAcceptsThePreviousKey() {
        var rotating = new Credential("one", "OP0000000001", "new-key", "mysecretkey");
        Verified v = (Verified) verifier(TS, rotating).verifyTcpHeader(LINE);
        assertThat(v.previousKey()).isTrue();
    }

    @Test
    void refusals() {
        var verifier = verifier(TS, ONE);
        assertThat(reason(verifier.verifyTcpHeader(LINE.replace("295000012345678", "295000012345679"))))
                .isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(reason(verifier(TS, OTHER).verifyTcpHeader(LINE))).isEqualTo(Reason.SIGNATURE_MISMATCH);
        assertThat(reason(verifier(TS + Duration.ofMinutes(6).toMillis(), ONE).verifyTcpHeader(LINE)))
                .isEqualTo(Reason.STALE_TIMESTAMP);
        assertThat(reason(verifier(TS - Duration.ofMinutes(6).toMillis(), ONE).verifyTcpHeader(LINE)))
                .isEqualTo(Reason.FUTURE_TIMESTAMP);
        assertThat(reason(verifier(TS).verifyTcpHeader(LINE))).isEqualTo(Reason.NO_CREDENTIALS);
        assertThat(reason(verifier.verifyTcpHeader("imsi=295000012345678 timestamp=" + TS)))
                .isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(reason(verifier.verifyTcpHeader("imsi=295000012345678 timestamp=" + TS + ";signature=")))
                .isEqualTo(Reason.MISSING_SIGNATURE);
        assertThat(reason(verifier.verifyTcpHeader("imsi=295000012345678;signature=" + SIG)))
                .isEqualTo(Reason.MISSING_TIMESTAMP);
        assertThat(reason(verifier.verifyTcpHeader("imsi=1 timestamp=soon;signature=" + SIG)))
                .isEqualTo(Reason.MALFORMED_TIMESTAMP);
        assertThat(reason(verifier.verifyTcpHeader("timestamp=" + TS + ";signature=" + SIG)))
                .isEqualTo(Reason.NO_IDENTITY);
        assertThat(reason(verifier.verifyTcpHeader(LINE.replace(SIG, "abc")))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        assertThat(reason(verifier.verifyTcpHeader("imsi=1 imsi=2 timestamp=" + TS + ";signature=" + SIG)))
                .isEqualTo(Reason.AMBIGUOUS_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "{\"temp\":1}", "imsi=1 tenant=OP1 timestamp=1;signature=00",
            "imsi timestamp=1;signature=00"})
    void aLineThatIsNotABeamHeaderIsMalformed(String line) {
        assertThat(reason(verifier(TS, ONE).verifyTcpHeader(line))).isEqualTo(Reason.MALFORMED_HEADER);
    }
}
