package io.fieldlink.dashboard.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque text of the paging cursors: URL-safe Base64 (no padding) of a UTF-8 string. */
final class CursorText {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private CursorText() {
    }

    static String encode(String plain) {
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the decoded string, or "" when {@code text} is not such Base64 */
    static String decode(String text) {
        try {
            return new String(DECODER.decode(text.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
