package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;


/**
 * Position after the last device of a page of {@code GET /v1/devices} (sorted by device id, unique within the
 * tenant). The next page continues strictly after it ({@code search_after}), so paging has no depth limit and a
 * device added meanwhile is neither repeated nor skipped before the position. Opaque to clients: URL-safe Base64
 * of {@code d,<deviceId>} (the {@code d,} tells it from the alert and command cursors).
 */
record DeviceCursor(String deviceId) {

    private static final String PREFIX = "d,";
    String encode() {
        return CursorText.encode(PREFIX + deviceId);
    }

    /** @return null for an absent cursor (the first page) */
    static DeviceCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String decoded = CursorText.decode(text);
        if (!decoded.startsWith(PREFIX) || decoded.length() == PREFIX.length()) {
            throw ApiProblemException.invalidParameter("cursor",
                    "Parameter 'cursor' must be a nextCursor value returned by a previous page of devices.");
        }
        return new DeviceCursor(decoded.substring(PREFIX.length()));
    }
}
