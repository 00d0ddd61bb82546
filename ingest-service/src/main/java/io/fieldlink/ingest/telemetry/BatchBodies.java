package io.fieldlink.ingest.telemetry;

import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.problem.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parsing a batch body into its items: a JSON array of reading objects ({@code application/json})
 * or NDJSON, one reading object per line ({@code application/x-ndjson}). Rules in
 * {@code docs/ingest.md}, "Batches":
 *
 * <ul>
 *   <li>the whole request is refused when the body is not a batch at all (400: not JSON, not an
 *       array, nothing after the array allowed, no item) or holds more than {@code maxItems} items
 *       (413 {@code too-many-items}, found while parsing: the rest is never read);</li>
 *   <li>otherwise every item gets its own verdict: a JSON object is a reading, anything else (a
 *       number, an array, an NDJSON line that is not valid JSON) is a rejected item (400
 *       {@code malformed-request}) that does not affect the others;</li>
 *   <li>each item keeps its 0-based index and the SHA-256 of its bytes as sent (the array element
 *       from its first to its last character, or the NDJSON line without surrounding whitespace):
 *       the same element sent as either format hashes the same. NDJSON lines holding only
 *       whitespace are skipped and get no index.</li>
 * </ul>
 */
public final class BatchBodies {

    public enum Format { JSON_ARRAY, NDJSON }

    private static final Set<String> NDJSON_TYPES = Set.of("x-ndjson", "ndjson", "jsonl", "x-jsonlines");

    private BatchBodies() {
    }

    /**
     * One item of a batch: a reading ({@code payload} and {@code sha256} set) or a rejected item
     * ({@code problem} set).
     */
    public record Item(int index, JsonNode payload, String sha256, ApiProblemException problem) {

        static Item reading(int index, JsonNode payload, String sha256) {
            return new Item(index, payload, sha256, null);
        }

        static Item rejected(int index, ApiProblemException problem) {
            return new Item(index, null, null, problem);
        }

        public boolean isReading() {
            return problem == null;
        }
    }

    /** JSON (an array) or NDJSON, parameters ignored; anything else is a 415. */
    public static Format format(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupportedMediaType();
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw unsupportedMediaType();
        }
        if (!"application".equals(type.getType())) {
            throw unsupportedMediaType();
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        if ("json".equals(subtype) || subtype.endsWith("+json")) {
            return Format.JSON_ARRAY;
        }
        if (NDJSON_TYPES.contains(subtype)) {
            return Format.NDJSON;
        }
        throw unsupportedMediaType();
    }

    public static List<Item> parse(byte[] body, Format format, int maxItems) {
        List<Item> items = format == Format.NDJSON ? parseNdjson(body, maxItems) : parseArray(body, maxItems);
        if (items.isEmpty()) {
            throw IngestProblems.malformed("The batch holds no readings.");
        }
        return items;
    }

    static List<Item> parseArray(byte[] body, int maxItems) {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = RequestBodies.deviceJson().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw IngestProblems.malformed("The batch must be a JSON array of readings (or NDJSON: "
                        + "Content-Type: application/x-ndjson).");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (items.size() == maxItems) {
                    throw IngestProblems.tooManyItems(maxItems);
                }
                int index = items.size();
                long start = parser.currentTokenLocation().getByteOffset();
                JsonNode node = parser.readValueAsTree();
                long end = parser.currentLocation().getByteOffset();
                items.add(node != null && node.isObject()
                        ? Item.reading(index, node, sha256Hex(body, (int) start, (int) end))
                        : Item.rejected(index, notAnObject(index)));
            }
            if (parser.nextToken() != null) {
                throw IngestProblems.malformed("Nothing may follow the batch's JSON array.");
            }
        } catch (JacksonException e) {
            throw IngestProblems.malformed("The request body is not valid JSON.");
        }
        return items;
    }

    static List<Item> parseNdjson(byte[] body, int maxItems) {
        List<Item> items = new ArrayList<>();
        int lineStart = 0;
        while (lineStart <= body.length) {
            int lineEnd = lineStart;
            while (lineEnd < body.length && body[lineEnd] != '\n') {
                lineEnd++;
            }
            int from = lineStart;
            int to = lineEnd;
            while (from < to && isWhitespace(body[from])) {
                from++;
            }
            while (to > from && isWhitespace(body[to - 1])) {
                to--;
            }
            if (from < to) {
                if (items.size() == maxItems) {
                    throw IngestProblems.tooManyItems(maxItems);
                }
                items.add(ndjsonLine(items.size(), body, from, to));
            }
            lineStart = lineEnd + 1;
        }
        return items;
    }

    private static Item ndjsonLine(int index, byte[] body, int from, int to) {
        JsonNode node;
        try {
            node = RequestBodies.deviceJson().readTree(Arrays.copyOfRange(body, from, to));
        } catch (JacksonException e) {
            return Item.rejected(index, IngestProblems.malformed("Item " + index + " is not valid JSON."));
        }
        return node != null && node.isObject()
                ? Item.reading(index, node, sha256Hex(body, from, to))
                : Item.rejected(index, notAnObject(index));
    }

    private static ApiProblemException notAnObject(int index) {
        return IngestProblems.malformed("Item " + index + " is not a JSON object.");
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static ApiProblemException unsupportedMediaType() {
        return new ApiProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "A batch must be a JSON array (Content-Type: application/json) or NDJSON (application/x-ndjson).");
    }

    static String sha256Hex(byte[] data, int from, int to) {
        MessageDigest digest = MessageIds.sha256Digest();
        digest.update(data, from, to - from);
        return HexFormat.of().formatHex(digest.digest());
    }
}
