package io.fieldlink.rules.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver's own check follows the documented scheme: the test vector of docs/rules.md. */
class WebhookReceiverTest {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final byte[] BODY = "{\"hello\":\"fieldlink\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1=e2f03b5520116b50e31bfc763aef72e4af57bd488173077d789d3406e1ecbedf";

    @Test
    void acceptsTheDocumentedTestVectorAndNothingElse() {
        assertThat(WebhookReceiver.signatureValid(SECRET, "1764237600", BODY, SIGNATURE)).isTrue();
        assertThat(WebhookReceiver.signatureValid(SECRET, "1764237601", BODY, SIGNATURE)).isFalse();
        assertThat(WebhookReceiver.signatureValid("whsec-another-secret", "1764237600", BODY, SIGNATURE)).isFalse();
        assertThat(WebhookReceiver.signatureValid(SECRET, "1764237600", "{}".getBytes(StandardCharsets.UTF_8),
                SIGNATURE)).isFalse();
        assertThat(WebhookReceiver.signatureValid(SECRET, "1764237600", BODY, SIGNATURE.substring(3))).isFalse();
        assertThat(WebhookReceiver.signatureValid(SECRET, "1764237600", BODY, null)).isFalse();
    }
}
