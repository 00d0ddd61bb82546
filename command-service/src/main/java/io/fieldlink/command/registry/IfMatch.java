package io.fieldlink.command.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code If-Match} header against a device's revision, its strong entity tag ({@code "3"}). Strong comparison
 * (RFC 9110 13.1.1): weak tags never match; {@code *} matches any registered device.
 */
record IfMatch(boolean any, List<String> tags) {

    /** The precondition of the header, or null when the request has none. */
    static IfMatch parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tags.add(tag.substring(1, tag.length() - 1));
            }
        }
        return new IfMatch(false, List.copyOf(tags));
    }

    boolean matches(long revision) {
        return any || tags.contains(Long.toString(revision));
    }

    /** The strong entity tag of a revision, as sent in {@code ETag}. */
    static String etag(long revision) {
        return "\"" + revision + "\"";
    }
}
