package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.support.problem.ApiProblemException;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks a posted command against the API's limits; every violation names its field. */
final class CommandRequestRules {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** A checked request: the parsed time to live (null: the default) and transport. */
    record Checked(String name, Map<String, String> parameters, Duration timeToLive, CommandTransport transport) {
    }

    private final CommandProperties.Api limits;
    private final boolean lwm2mEnabled;

    /** @param lwm2mEnabled whether the LwM2M server runs: without it {@code transport: lwm2m} is refused */
    CommandRequestRules(CommandProperties.Api limits, boolean lwm2mEnabled) {
        this.limits = limits;
        this.lwm2mEnabled = lwm2mEnabled;
    }

    /**
     * @throws ApiProblemException 400 {@code invalid-command} listing each bad field; 422
     *                             {@code transport-unavailable} for {@code lwm2m} while the LwM2M server is off
     */
    Checked check(CommandRequestBody body) {
        List<Map<String, String>> violations = new ArrayList<>();
        if (body == null) {
            throw invalid(List.of(violation("name", "must be present")));
        }
        if (body.name() == null || !NAME.matcher(body.name()).matches()) {
            violations.add(violation("name", "must match " + NAME.pattern()));
        }
        Map<String, String> parameters = body.parameters() == null ? Map.of() : body.parameters();
        if (parameters.size() > limits.maxParameters()) {
            violations.add(violation("parameters", "at most " + limits.maxParameters() + " parameters"));
        }
        parameters.forEach((key, value) -> {
            if (key == null || !NAME.matcher(key).matches()) {
                violations.add(violation("parameters." + key, "the name must match " + NAME.pattern()));
            } else if (value == null) {
                violations.add(violation("parameters." + key, "must be a string"));
            } else if (value.length() > limits.maxParameterLength()) {
                violations.add(violation("parameters." + key,
                        "at most " + limits.maxParameterLength() + " characters"));
            }
        });
        Duration timeToLive = null;
        if (body.timeToLive() != null) {
            try {
                timeToLive = Duration.parse(body.timeToLive());
                if (timeToLive.compareTo(limits.minTimeToLive()) < 0 || timeToLive.compareTo(limits.maxTimeToLive()) > 0) {
                    violations.add(violation("timeToLive", "must be " + limits.minTimeToLive() + " to "
                            + limits.maxTimeToLive()));
                }
            } catch (DateTimeParseException e) {
                violations.add(violation("timeToLive", "must be an ISO-8601 duration such as PT10M"));
            }
        }
        CommandTransport transport = CommandTransport.AUTO;
        if (body.transport() != null) {
            try {
                transport = CommandTransport.valueOf(body.transport().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(violation("transport", "must be auto, mqtt or lwm2m"));
            }
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        if (transport == CommandTransport.LWM2M && !lwm2mEnabled) {
            throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, CommandProblems.TRANSPORT_UNAVAILABLE,
                    "Transport unavailable", "This deployment runs no LwM2M server (fieldlink.commands.lwm2m.enabled=false); use auto or mqtt.")
                    .with("transport", "lwm2m");
        }
        return new Checked(body.name(), parameters, timeToLive, transport);
    }

    private static Map<String, String> violation(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static ApiProblemException invalid(List<Map<String, String>> violations) {
        Map<String, String> first = violations.getFirst();
        return ApiProblemException.badRequest(CommandProblems.INVALID_COMMAND,
                        "The command is invalid: " + first.get("field") + " " + first.get("message")
                                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)." : "."))
                .with("violations", violations);
    }
}
