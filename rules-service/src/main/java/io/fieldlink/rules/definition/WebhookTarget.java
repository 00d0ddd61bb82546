package io.fieldlink.rules.definition;

/**
 * Where to POST alert events. {@code secret} signs each request (HMAC-SHA256 over timestamp + body); it is
 * write-only in the API: responses say only whether one is set.
 *
 * @param url    http or https URL; private, loopback and link-local addresses are refused unless allow-listed
 * @param secret signing secret (at least 16 characters)
 */
public record WebhookTarget(String url, String secret) {

    @Override
    public String toString() {
        // never print the secret (rules end up in logs through toString)
        return "WebhookTarget[url=" + url + ", secret=" + (secret == null ? "none" : "***") + "]";
    }
}
