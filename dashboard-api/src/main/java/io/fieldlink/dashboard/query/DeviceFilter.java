package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The search of {@code GET /v1/devices}: by tag, by online state and by a prefix of the device id or name; every
 * criterion optional, all given ones must hold.
 *
 * @param tag         a tag the device must carry, or null
 * @param state       online or offline, or null for both
 * @param prefix      a prefix of the device id, or of its display name (any case), or null
 * @param onlineSince a device whose newest reading has an event time at or after this instant is online
 */
record DeviceFilter(String tag, State state, String prefix, Instant onlineSince) {

    /** The registry's rule for tags (command-service, {@code DevicePatch.LABEL}): what can never match is refused. */
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final int MAX_PREFIX_LENGTH = 128;

    enum State {
        ONLINE, OFFLINE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** No criterion: every device of the tenant. */
    static DeviceFilter all(Instant onlineSince) {
        return new DeviceFilter(null, null, null, onlineSince);
    }

    /** @throws ApiProblemException 400 {@code invalid-parameter} naming the parameter */
    static DeviceFilter parse(String tag, String state, String q, Clock clock, Duration onlineWithin) {
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw ApiProblemException.invalidParameter("tag",
                    "Parameter 'tag' must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        }
        State parsedState = null;
        if (state != null) {
            parsedState = switch (state) {
                case "online" -> State.ONLINE;
                case "offline" -> State.OFFLINE;
                default -> throw ApiProblemException.invalidParameter("state",
                        "Parameter 'state' must be 'online' or 'offline'.");
            };
        }
        if (q != null && (q.isEmpty() || q.length() > MAX_PREFIX_LENGTH || q.chars().anyMatch(Character::isISOControl))) {
            throw ApiProblemException.invalidParameter("q",
                    "Parameter 'q' must be 1 to " + MAX_PREFIX_LENGTH + " characters without control characters.");
        }
        return new DeviceFilter(tag, parsedState, q, clock.instant().minus(onlineWithin));
    }

    /** Whether a device last seen at {@code lastSeen} (null: never) is online. */
    boolean online(Instant lastSeen) {
        return lastSeen != null && !lastSeen.isBefore(onlineSince);
    }
}
