package io.fieldlink.command.artifacts;

import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.problem.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import java.util.List;
import java.util.Map;

/** The problems of the artifact API; types are stable slugs under {@link ProblemTypes#BASE}, see docs/commands.md. */
final class ArtifactProblems {

    static final String ARTIFACT_NOT_FOUND = "artifact-not-found";
    static final String INVALID_ARTIFACT = "invalid-artifact";
    static final String STORAGE_UNAVAILABLE = "artifact-storage-unavailable";

    private ArtifactProblems() {
    }

    static ApiProblemException notFound(String artifactId) {
        return ApiProblemException.notFound(ARTIFACT_NOT_FOUND, "No artifact '" + artifactId + "'.")
                .with("artifactId", artifactId);
    }

    static ApiProblemException invalidArtifact(List<Map<String, String>> violations) {
        Map<String, String> first = violations.getFirst();
        String detail = "The upload is invalid: " + first.get("field") + " " + first.get("message")
                + (violations.size() == 1 ? "." : " (and " + (violations.size() - 1) + " more).");
        return ApiProblemException.badRequest(INVALID_ARTIFACT, detail).with("violations", violations);
    }

    static ApiProblemException tooLarge(DataSize maxSize) {
        return new ApiProblemException(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                "Payload too large", "An artifact may have at most " + maxSize.toBytes() + " bytes.")
                .with("maxSize", maxSize.toBytes());
    }

    static ApiProblemException storageUnavailable() {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, STORAGE_UNAVAILABLE, "Service unavailable",
                "The artifact storage did not answer; retry later.")
                .withHeader(HttpHeaders.RETRY_AFTER, "10");
    }
}
