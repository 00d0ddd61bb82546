package io.fieldlink.command.rollout;

import io.fieldlink.support.problem.ApiProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** The problems of the rollouts API; stable slugs listed in docs/commands.md, "Rollouts". */
final class RolloutProblems {

    static final String INVALID_ROLLOUT = "invalid-rollout";
    static final String NO_DEVICES = "no-devices";
    static final String ROLLOUT_NOT_FOUND = "rollout-not-found";
    static final String ARTIFACT_NOT_FOUND = "artifact-not-found";
    static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    static final String ROLLOUTS_LOADING = "rollouts-loading";
    static final String ROLLOUTS_UNAVAILABLE = "rollouts-unavailable";

    private RolloutProblems() {
    }

    static ApiProblemException invalid(List<Map<String, String>> violations) {
        Map<String, String> first = violations.getFirst();
        return ApiProblemException.badRequest(INVALID_ROLLOUT,
                        "The rollout is invalid: " + first.get("field") + " " + first.get("message")
                                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)." : "."))
                .with("violations", violations);
    }

    static Map<String, String> violation(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    static ApiProblemException noDevices(String group) {
        return new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, NO_DEVICES, "No devices",
                "Group '" + group + "' has no devices.").with("group", group);
    }

    static ApiProblemException notFound(String rolloutId) {
        return ApiProblemException.notFound(ROLLOUT_NOT_FOUND, "No rollout '" + rolloutId + "'.")
                .with("rolloutId", rolloutId);
    }

    static ApiProblemException artifactNotFound(String artifactId) {
        return ApiProblemException.notFound(ARTIFACT_NOT_FOUND, "No artifact '" + artifactId + "'.")
                .with("artifactId", artifactId);
    }

    static ApiProblemException idempotencyKeyReused(String key) {
        return new ApiProblemException(HttpStatus.CONFLICT, IDEMPOTENCY_KEY_REUSED, "Conflict",
                "Idempotency-Key '" + key + "' was used for a different rollout.").with("idempotencyKey", key);
    }

    static ApiProblemException loading() {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, ROLLOUTS_LOADING, "Service unavailable",
                "The rollouts are still being read back from Kafka; retry shortly.")
                .withHeader(HttpHeaders.RETRY_AFTER, "5");
    }

    static ApiProblemException unavailable() {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, ROLLOUTS_UNAVAILABLE, "Service unavailable",
                "Kafka did not store the rollout; nothing was started. Retry later (with the same Idempotency-Key).")
                .withHeader(HttpHeaders.RETRY_AFTER, "5");
    }
}
