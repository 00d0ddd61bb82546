package io.fieldlink.rules.api;

import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.problem.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/**
 * The problems of the rules and alerts API. Types are stable slugs under {@link ProblemTypes#BASE}, listed in
 * {@code docs/rules.md}; a client switches on the type, never on the detail.
 */
final class ApiProblems {

    static final String INVALID_RULE = "invalid-rule";
    static final String RULE_NOT_FOUND = "rule-not-found";
    static final String TOO_MANY_RULES = "too-many-rules";
    static final String REVISION_MISMATCH = "revision-mismatch";
    static final String ALERT_NOT_FOUND = "alert-not-found";
    static final String ALERT_CLEARED = "alert-cleared";
    static final String WRITE_UNAVAILABLE = "write-unavailable";

    private ApiProblems() {
    }

    static ApiProblemException invalidRule(List<RuleViolation> violations) {
        List<Map<String, String>> items = violations.stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList();
        String first = violations.getFirst().toString();
        String detail = violations.size() == 1 ? "The rule is invalid: " + first + "."
                : "The rule is invalid: " + first + " (and " + (violations.size() - 1) + " more).";
        return ApiProblemException.badRequest(INVALID_RULE, detail).with("violations", items);
    }

    static ApiProblemException ruleNotFound(String ruleId) {
        return ApiProblemException.notFound(RULE_NOT_FOUND, "No rule '" + ruleId + "'.").with("ruleId", ruleId);
    }

    static ApiProblemException tooManyRules(int max) {
        return new ApiProblemException(HttpStatus.CONFLICT, TOO_MANY_RULES, "Conflict",
                "The tenant already has the maximum of " + max + " rules; delete one first.").with("maxRules", max);
    }

    static ApiProblemException revisionMismatch(String ruleId, Long currentRevision) {
        ApiProblemException problem = new ApiProblemException(HttpStatus.PRECONDITION_FAILED, REVISION_MISMATCH,
                "Precondition failed", currentRevision == null
                ? "Rule '" + ruleId + "' does not exist, so If-Match cannot match."
                : "Rule '" + ruleId + "' is at revision " + currentRevision + ", not the one in If-Match.")
                .with("ruleId", ruleId);
        return currentRevision == null ? problem : problem.with("currentRevision", currentRevision);
    }

    static ApiProblemException alertNotFound(String alertId) {
        return ApiProblemException.notFound(ALERT_NOT_FOUND, "No alert '" + alertId + "'.").with("alertId", alertId);
    }

    static ApiProblemException alertCleared(String alertId) {
        return new ApiProblemException(HttpStatus.CONFLICT, ALERT_CLEARED, "Conflict",
                "Alert '" + alertId + "' is cleared; a cleared alert cannot be acknowledged.").with("alertId", alertId);
    }

    static ApiProblemException writeUnavailable(long retryAfterSeconds) {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, WRITE_UNAVAILABLE, "Service unavailable",
                "The change could not be stored in time; retry later.")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
}
