package io.fieldlink.support.web;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code If-Match} header against a resource's revision, which is its strong entity tag ({@code "3"}). Strong
 * comparison (RFC 9110 13.1.1): weak tags ({@code W/"3"}) never match; {@code *} matches any existing resource.
 * Rules (rules-service) and devices (command-service) use it.
 */
public record IfMatch(boolean any, List<String> tags) {

    public IfMatch {
        tags = List.copyOf(tags);
    }

    /** The precondition of the header, or null when the request has none. */
    public static IfMatch parse(String header) {
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
        return new IfMatch(false, tags);
    }

    /** Whether the precondition holds for a resource at {@code revision}, or for no resource when null. */
    public boolean matches(Long revision) {
        if (revision == null) {
            return false;
        }
        return any || tags.contains(Long.toString(revision));
    }

    /** The strong entity tag of a revision, as sent in {@code ETag}. */
    public static String etag(long revision) {
        return "\"" + revision + "\"";
    }
}
