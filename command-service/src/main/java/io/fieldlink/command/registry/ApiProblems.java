package io.fieldlink.command.registry;

import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.problem.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/**
 * The problems of the device API. Types are stable slugs under {@link ProblemTypes#BASE}, listed in
 * {@code docs/commands.md}; a client switches on the type, never on the detail.
 */
final class ApiProblems {

    static final String DEVICE_NOT_FOUND = "device-not-found";
    static final String INVALID_DEVICE_PATCH = "invalid-device-patch";
    static final String REVISION_MISMATCH = "revision-mismatch";
    static final String WRITE_UNAVAILABLE = "write-unavailable";
    static final String REGISTRY_LOADING = "registry-loading";

    private ApiProblems() {
    }

    static ApiProblemException deviceNotFound(String deviceId) {
        return ApiProblemException.notFound(DEVICE_NOT_FOUND, "No device '" + deviceId + "'.").with("deviceId", deviceId);
    }

    static ApiProblemException invalidPatch(List<PatchViolation> violations) {
        List<Map<String, String>> items = violations.stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList();
        String first = violations.getFirst().toString();
        String detail = violations.size() == 1 ? "The patch is invalid: " + first + "."
                : "The patch is invalid: " + first + " (and " + (violations.size() - 1) + " more).";
        return ApiProblemException.badRequest(INVALID_DEVICE_PATCH, detail).with("violations", items);
    }

    static ApiProblemException revisionMismatch(String deviceId, long currentRevision) {
        return new ApiProblemException(HttpStatus.PRECONDITION_FAILED, REVISION_MISMATCH, "Precondition failed",
                "Device '" + deviceId + "' is at revision " + currentRevision + ", not the one in If-Match.")
                .with("deviceId", deviceId).with("currentRevision", currentRevision);
    }

    static ApiProblemException writeUnavailable(long retryAfterSeconds) {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, WRITE_UNAVAILABLE, "Service unavailable",
                "The change could not be stored in time; retry later.")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    static ApiProblemException registryLoading() {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, REGISTRY_LOADING, "Service unavailable",
                "The device registry is still being read back from Kafka; retry shortly.")
                .withHeader(HttpHeaders.RETRY_AFTER, "5");
    }
}
