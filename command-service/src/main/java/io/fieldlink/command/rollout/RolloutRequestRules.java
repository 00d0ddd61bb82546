package io.fieldlink.command.rollout;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.CommandTransport;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.fieldlink.command.rollout.RolloutProblems.violation;

/** Checks a posted rollout against the API's limits; every violation names its field. */
final class RolloutRequestRules {

    /** The syntax of registry groups (docs/commands.md, "Device registry"). */
    static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final int DEFAULT_FAILURE_THRESHOLD = 1;

    /** A checked request: exactly one of {@code group} and {@code deviceIds}; the time to live resolved. */
    record Checked(String artifactId, String group, List<String> deviceIds, int batchSize, int failureThreshold,
                   CommandTransport transport, Duration timeToLive) {
    }

    private final CommandProperties.Rollouts settings;
    private final CommandProperties.Api api;

    RolloutRequestRules(CommandProperties.Rollouts settings, CommandProperties.Api api) {
        this.settings = settings;
        this.api = api;
    }

    /** @throws io.fieldlink.support.problem.ApiProblemException 400 {@code invalid-rollout} listing each bad field */
    Checked check(RolloutRequestBody body) {
        if (body == null) {
            throw RolloutProblems.invalid(List.of(violation("artifactId", "must be present")));
        }
        List<Map<String, String>> violations = new ArrayList<>();
        if (body.artifactId() == null || body.artifactId().isBlank()) {
            violations.add(violation("artifactId", "must be present"));
        }
        if ((body.group() == null) == (body.deviceIds() == null)) {
            violations.add(violation("group", "give exactly one of group and deviceIds"));
        } else if (body.group() != null && !GROUP.matcher(body.group()).matches()) {
            violations.add(violation("group", "must match " + GROUP.pattern()));
        } else if (body.deviceIds() != null) {
            checkDeviceIds(body.deviceIds(), violations);
        }
        int batchSize = body.batchSize() == null ? Math.min(settings.defaultBatchSize(), settings.maxDevices())
                : body.batchSize();
        if (batchSize < 1 || batchSize > settings.maxDevices()) {
            violations.add(violation("batchSize", "must be 1 to " + settings.maxDevices()));
        }
        int threshold = body.failureThreshold() == null ? DEFAULT_FAILURE_THRESHOLD : body.failureThreshold();
        if (threshold < 1 || threshold > settings.maxDevices()) {
            violations.add(violation("failureThreshold", "must be 1 to " + settings.maxDevices()));
        }
        CommandTransport transport = CommandTransport.AUTO;
        if (body.transport() != null) {
            try {
                transport = CommandTransport.valueOf(body.transport().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(violation("transport", "must be auto, mqtt or lwm2m"));
            }
        }
        Duration timeToLive = settings.urlExpiry();
        if (body.timeToLive() != null) {
            Duration longest = api.maxTimeToLive().compareTo(CommandProperties.Artifacts.MAX_URL_EXPIRY) < 0
                    ? api.maxTimeToLive() : CommandProperties.Artifacts.MAX_URL_EXPIRY;
            try {
                timeToLive = Duration.parse(body.timeToLive());
                if (timeToLive.compareTo(api.minTimeToLive()) < 0 || timeToLive.compareTo(longest) > 0) {
                    violations.add(violation("timeToLive", "must be " + api.minTimeToLive() + " to " + longest));
                }
            } catch (DateTimeParseException e) {
                violations.add(violation("timeToLive", "must be an ISO-8601 duration such as PT15M"));
            }
        }
        if (!violations.isEmpty()) {
            throw RolloutProblems.invalid(violations);
        }
        return new Checked(body.artifactId(), body.group(), body.deviceIds() == null ? null
                : List.copyOf(body.deviceIds()), batchSize, threshold, transport, timeToLive);
    }

    private void checkDeviceIds(List<String> deviceIds, List<Map<String, String>> violations) {
        if (deviceIds.isEmpty()) {
            violations.add(violation("deviceIds", "must name at least one device"));
            return;
        }
        if (deviceIds.size() > settings.maxDevices()) {
            violations.add(violation("deviceIds", "at most " + settings.maxDevices() + " devices"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < deviceIds.size(); i++) {
            String id = deviceIds.get(i);
            if (id == null || !DEVICE_ID.matcher(id).matches()) {
                violations.add(violation("deviceIds[" + i + "]", "must match " + DEVICE_ID.pattern()));
            } else if (!seen.add(id)) {
                violations.add(violation("deviceIds[" + i + "]", "appears more than once"));
            }
        }
    }
}
