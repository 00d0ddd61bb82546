package io.fieldlink.ingest.telemetry;

import io.fieldlink.support.problem.ApiProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reading device bodies: JSON content type, a size limit enforced while reading (Content-Length is
 * only used to refuse early, never trusted to be honest), and parsing into a JSON object.
 */
public final class RequestBodies {

    /** Device JSON: one value, nothing after it; duplicate names keep the last value. */
    private static final JsonMapper DEVICE_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestBodies() {
    }

    public static JsonMapper deviceJson() {
        return DEVICE_JSON;
    }

    /** {@code application/json} or any {@code application/*+json}, parameters (charset) ignored. */
    public static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw IngestProblems.unsupportedMediaType();
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            boolean json = "application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
            if (!json) {
                throw IngestProblems.unsupportedMediaType();
            }
        } catch (InvalidMediaTypeException e) {
            throw IngestProblems.unsupportedMediaType();
        }
    }

    /** The whole body, at most {@code maxBytes}; 413 as soon as more arrives (or is announced). */
    public static byte[] read(HttpServletRequest request, long maxBytes) {
        if (request.getContentLengthLong() > maxBytes) {
            throw IngestProblems.tooLarge(maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            return read(in, maxBytes);
        } catch (IOException e) {
            throw IngestProblems.malformed("The request body could not be read.");
        }
    }

    static byte[] read(InputStream in, long maxBytes) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            throw IngestProblems.tooLarge(maxBytes);
        }
        return body;
    }

    /** Parses a body that must be one JSON object. */
    public static JsonNode parseObject(byte[] body) throws ApiProblemException {
        JsonNode node;
        try {
            node = DEVICE_JSON.readTree(body);
        } catch (JacksonException e) {
            throw IngestProblems.malformed("The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw IngestProblems.malformed("The request body must be a JSON object.");
        }
        return node;
    }
}
