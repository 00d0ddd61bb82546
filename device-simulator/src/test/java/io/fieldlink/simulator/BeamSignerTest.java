package io.fieldlink.simulator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The published test vectors of docs soracom-wire-formats.md, section 1. */
class BeamSignerTest {

    @ParameterizedTest
    @CsvSource({
            "mysecretkey, 860000012345678, 295000012345678, 1445587157992, 95c8e34d68e2bd76502c1e403108dc1bd7008964c31081d0415adb9f21a721a5",
            "secret,      012345678901234, 295100000000001, 1443571200000, 125d84ef000ed210da7a4de94fe601589295370c9e465982c8ddb84dcb7e779e"
    })
    void signsThePublishedTestVectors(String psk, String imei, String imsi, long timestamp, String expected) {
        assertThat(BeamSigner.sign(psk, imei, imsi, timestamp)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "mysecretkey, 860000012345678, 295000012345678, 1445587157992, 95c8e34d68e2bd76502c1e403108dc1bd7008964c31081d0415adb9f21a721a5",
            "secret,      012345678901234, 295100000000001, 1443571200000, 125d84ef000ed210da7a4de94fe601589295370c9e465982c8ddb84dcb7e779e"
    })
    void signsHeadersInAnyOrderAndCaseIgnoringSignatureAndOtherHeaders(String psk, String imei, String imsi,
                                                                      long timestamp, String expected) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Soracom-Timestamp", Long.toString(timestamp));
        headers.put("Content-Type", "application/json");
        headers.put("x-soracom-signature", "ignored");
        headers.put("X-SORACOM-IMSI", imsi);
        headers.put("x-soracom-signature-version", BeamSigner.SIGNATURE_VERSION);
        headers.put("x-soracom-imei", imei);

        assertThat(BeamSigner.sign(psk, headers)).isEqualTo(expected);
    }

    @Test
    void optionalIdentityHeadersTakePartInSortedOrder() {
        Map<String, String> headers = Map.of(
                "x-soracom-sim-id", "8981100000000000000",
                "x-soracom-imsi", "295000012345678",
                "x-soracom-timestamp", "1445587157992",
                "x-soracom-msisdn", "819000000000",
                "x-soracom-imei", "860000012345678");

        assertThat(BeamSigner.sign("k", headers))
                .isEqualTo(sha256("kx-soracom-imei=860000012345678x-soracom-imsi=295000012345678"
                        + "x-soracom-msisdn=819000000000x-soracom-sim-id=8981100000000000000x-soracom-timestamp=1445587157992"))
                .isNotEqualTo(BeamSigner.sign("k", "860000012345678", "295000012345678", 1445587157992L));
    }

    @Test
    void refusesAnEmptyOrOverlongPsk() {
        assertThatThrownBy(() -> BeamSigner.sign("", "1", "2", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BeamSigner.sign("k".repeat(4097), "1", "2", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BeamSigner.sign("k".repeat(4096), "1", "2", 3)).hasSize(64);
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
