package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;

import java.time.Instant;

/**
 * Position after the last item of a page, for lists sorted newest first by a time that never changes
 * for an item (an alert's {@code raisedAt}, a command's {@code requestedAt}) and then by id. The next
 * page continues strictly after it ({@code search_after}), so items whose state changes meanwhile
 * neither repeat nor go missing. Opaque to clients: URL-safe Base64 of {@code <epochMillis>,<id>}.
 *
 * @param time the item's sort time
 * @param id   the item's id (alert id, command id), the tie-break
 */
record Cursor(Instant time, String id) {

    String encode() {
        return CursorText.encode(time.toEpochMilli() + "," + id);
    }

    /** @return null for an absent cursor (the first page) */
    static Cursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String decoded = CursorText.decode(text);
            int comma = decoded.indexOf(',');
            String id = decoded.substring(comma + 1);
            if (comma < 1 || id.isEmpty()) {
                throw new IllegalArgumentException("no time or id");
            }
            return new Cursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, comma))), id);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ApiProblemException.invalidParameter("cursor",
                    "Parameter 'cursor' must be a nextCursor value returned by a previous page.");
        }
    }
}
