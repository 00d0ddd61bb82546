package io.fieldlink.command.delivery;

import io.fieldlink.support.problem.ApiProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The problems of the commands API; stable slugs listed in docs/commands.md, "Commands API". */
final class CommandProblems {

    static final String INVALID_COMMAND = "invalid-command";
    static final String TRANSPORT_UNAVAILABLE = "transport-unavailable";
    static final String COMMAND_NOT_FOUND = "command-not-found";
    static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    static final String COMMANDS_LOADING = "commands-loading";
    static final String JOURNAL_UNAVAILABLE = "journal-unavailable";

    private CommandProblems() {
    }

    static ApiProblemException commandNotFound(String commandId) {
        return ApiProblemException.notFound(COMMAND_NOT_FOUND, "No command '" + commandId + "'.")
                .with("commandId", commandId);
    }

    static ApiProblemException idempotencyKeyReused(String key) {
        return new ApiProblemException(HttpStatus.CONFLICT, IDEMPOTENCY_KEY_REUSED, "Conflict",
                "Idempotency-Key '" + key + "' was used for a different command.").with("idempotencyKey", key);
    }

    static ApiProblemException loading() {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, COMMANDS_LOADING, "Service unavailable",
                "The commands are still being read back from Kafka; retry shortly.")
                .withHeader(HttpHeaders.RETRY_AFTER, "5");
    }

    static ApiProblemException journalUnavailable() {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, JOURNAL_UNAVAILABLE, "Service unavailable",
                "Kafka is not storing command transitions; retry later (with the same Idempotency-Key).")
                .withHeader(HttpHeaders.RETRY_AFTER, "5");
    }
}
