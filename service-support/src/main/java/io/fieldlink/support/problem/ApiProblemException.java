package io.fieldlink.support.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the API answers with {@code application/problem+json} (RFC 9457). The {@code type} is a
 * stable slug under {@link ProblemTypes#BASE}: clients switch on it, never on the title or detail.
 */
public class ApiProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    public ApiProblemException(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiProblemException badRequest(String type, String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, type, "Bad request", detail);
    }

    /** 400 naming the query or path parameter that was wrong. */
    public static ApiProblemException invalidParameter(String parameter, String detail) {
        return badRequest(ProblemTypes.INVALID_PARAMETER, detail).with("parameter", parameter);
    }

    public static ApiProblemException notFound(String type, String detail) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, type, "Not found", detail);
    }

    public ApiProblemException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public ApiProblemException withHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(ProblemTypes.uri(type));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
