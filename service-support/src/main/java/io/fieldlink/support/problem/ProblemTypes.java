package io.fieldlink.support.problem;

import java.net.URI;

/**
 * Stable problem type slugs shared by every service. A service adds its own slugs next to its
 * feature; these are the ones the shared plumbing answers with. Documented in docs/errors.md.
 */
public final class ProblemTypes {

    public static final String BASE = "https://fieldlink.io/problems/";

    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String INVALID_PARAMETER = "invalid-parameter";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String NOT_FOUND = "not-found";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String INTERNAL_ERROR = "internal-error";

    private ProblemTypes() {
    }

    public static URI uri(String slug) {
        return URI.create(BASE + slug);
    }
}
