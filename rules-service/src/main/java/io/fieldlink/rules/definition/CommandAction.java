package io.fieldlink.rules.definition;

import java.time.Duration;
import java.util.Map;

/**
 * A device command a rule emits to {@code iot.commands.v1}, e.g. {@code {"name":"sprinkler","parameters":{"state":"on"}}}.
 *
 * @param name       command name
 * @param parameters command parameters
 * @param timeToLive how long the command may wait for an offline device; null: command-service's default
 */
public record CommandAction(String name, Map<String, String> parameters, Duration timeToLive) {

    public CommandAction {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
