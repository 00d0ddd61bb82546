package io.fieldlink.command.registry;

import io.fieldlink.support.problem.ApiProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of device pages: the last device id of the previous page, versioned and base64url
 * encoded so that clients do not build cursors themselves and the format can change.
 */
final class PageCursor {

    private static final String PREFIX = "d1:";

    private PageCursor() {
    }

    static String encode(String lastDeviceId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastDeviceId).getBytes(StandardCharsets.UTF_8));
    }

    /** The device id to continue after; null for no cursor. */
    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX) && text.length() > PREFIX.length()) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // not base64: answered below like any other cursor this service did not make
        }
        throw ApiProblemException.invalidParameter("cursor",
                "Parameter 'cursor' must be the 'next' value of a previous page.");
    }
}
