package io.fieldlink.rules.api;

/**
 * One thing wrong with a rule definition.
 *
 * @param field   JSON path of the bad field in the request body, e.g. {@code condition.conditions[1].size}
 * @param message what is wrong, e.g. {@code must be positive}
 */
public record RuleViolation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
