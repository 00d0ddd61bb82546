package io.fieldlink.rules.notify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTest {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final byte[] BODY = "{\"hello\":\"fieldlink\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTimestampDotBodyWithHmacSha256() {
        // printf '%s' '1764237600.{"hello":"fieldlink"}' | openssl dgst -sha256 -hmac 'whsec-0123456789abcdef'
        assertThat(WebhookSigner.signature(SECRET, "1764237600", BODY))
                .isEqualTo("e2f03b5520116b50e31bfc763aef72e4af57bd488173077d789d3406e1ecbedf");
    }

    @Test
    void headersCarryTimestampSignatureEventIdAndType() {
        Map<String, String> headers = WebhookSigner.headers(SECRET, "alert-1:1", "raised", BODY,
                Instant.parse("2025-11-27T10:00:00.900Z"));

        assertThat(headers).containsExactly(
                Map.entry("Fieldlink-Timestamp", "1764237600"),
                Map.entry("Fieldlink-Signature", "v1=e2f03b5520116b50e31bfc763aef72e4af57bd488173077d789d3406e1ecbedf"),
                Map.entry("Fieldlink-Event-Id", "alert-1:1"),
                Map.entry("Fieldlink-Event-Type", "raised"));
    }

    @Test
    void verifyAcceptsOnlyTheExactSignature() {
        String valid = "v1=e2f03b5520116b50e31bfc763aef72e4af57bd488173077d789d3406e1ecbedf";

        assertThat(WebhookSigner.verify(SECRET, "1764237600", BODY, valid)).isTrue();
        assertThat(WebhookSigner.verify(SECRET, "1764237601", BODY, valid)).isFalse();
        assertThat(WebhookSigner.verify("another-secret-0123", "1764237600", BODY, valid)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, "1764237600", "{\"hello\":\"fieldlinK\"}".getBytes(StandardCharsets.UTF_8),
                valid)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, "1764237600", BODY, valid.substring(3))).isFalse();
        assertThat(WebhookSigner.verify(SECRET, "1764237600", BODY, valid.toUpperCase())).isFalse();
        assertThat(WebhookSigner.verify(SECRET, "1764237600", BODY, null)).isFalse();
    }
}
