package io.fieldlink.support.problem;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a problem document from places outside Spring MVC (servlet filters, security entry points). */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static void write(HttpServletResponse response, ApiProblemException problem) throws IOException {
        ProblemDetail detail = problem.toProblemDetail();
        response.setStatus(detail.getStatus());
        problem.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", detail.getType().toString());
        body.put("title", detail.getTitle());
        body.put("status", detail.getStatus());
        body.put("detail", detail.getDetail());
        if (detail.getProperties() != null) {
            body.putAll(detail.getProperties());
        }
        JSON.writeValue(response.getOutputStream(), body);
    }
}
