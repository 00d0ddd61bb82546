package io.fieldlink.ingest.telemetry;

import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.problem.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The problems the ingest endpoints answer with. Types are stable slugs (listed in
 * {@code docs/ingest.md}); a client switches on the type, never on the detail.
 */
public final class IngestProblems {

    /** Kafka did not acknowledge in time: retry later, the same request maps to the same message id. */
    public static final String INGEST_UNAVAILABLE = "ingest-unavailable";
    /** A Funnel payload that is not JSON (binary payloads need a parser, not there yet). */
    public static final String UNSUPPORTED_PAYLOAD = "unsupported-payload";
    /** The device sent more readings than its token bucket allows: retry after {@code Retry-After}. */
    public static final String RATE_LIMITED = "rate-limited";
    /** Too many records are awaiting Kafka's acknowledgement: retry after {@code Retry-After}. */
    public static final String OVERLOADED = "overloaded";
    /** A batch with more items than {@code fieldlink.ingest.batch.max-items}. */
    public static final String TOO_MANY_ITEMS = "too-many-items";

    private IngestProblems() {
    }

    /** The one answer for every Beam signature problem: it never says which part failed. */
    public static ApiProblemException beamUnauthorized() {
        return new ApiProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized",
                "A valid SORACOM Beam signature is required.");
    }

    /** The one answer for a missing or unknown Funnel ingest token. */
    public static ApiProblemException tokenUnauthorized() {
        return new ApiProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized",
                "A valid ingest token is required: Authorization: Bearer <token>.")
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    public static ApiProblemException tenantMismatch() {
        return new ApiProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                "The envelope's operator id is not the tenant of this ingest token.");
    }

    public static ApiProblemException malformed(String detail) {
        return ApiProblemException.badRequest(ProblemTypes.MALFORMED_REQUEST, detail);
    }

    public static ApiProblemException unsupportedPayload(String detail) {
        return ApiProblemException.badRequest(UNSUPPORTED_PAYLOAD, detail);
    }

    public static ApiProblemException tooLarge(long maxBytes) {
        return new ApiProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Content too large",
                "The request body is larger than " + maxBytes + " bytes.").with("maxBytes", maxBytes);
    }

    public static ApiProblemException unsupportedMediaType() {
        return new ApiProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type", "The request body must be JSON: Content-Type: application/json.");
    }

    public static ApiProblemException unavailable(long retryAfterSeconds) {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, INGEST_UNAVAILABLE, "Service unavailable",
                "The reading could not be stored in time; retry later.")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    public static ApiProblemException rateLimited(long retryAfterSeconds) {
        return new ApiProblemException(HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED, "Too many requests",
                "This device sent more readings than its rate limit allows; retry after " + retryAfterSeconds + " s.")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    public static ApiProblemException overloaded(long retryAfterSeconds) {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, OVERLOADED, "Service unavailable",
                "Too many readings are waiting to be stored; retry later.")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    public static ApiProblemException tooManyItems(int maxItems) {
        return new ApiProblemException(HttpStatus.CONTENT_TOO_LARGE, TOO_MANY_ITEMS, "Content too large",
                "The batch holds more than " + maxItems + " readings.").with("maxItems", maxItems);
    }
}
