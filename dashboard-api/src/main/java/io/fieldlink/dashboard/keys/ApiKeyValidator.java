package io.fieldlink.dashboard.keys;

import io.fieldlink.support.problem.ApiProblemException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a key request; every problem is reported with the field it is in. */
final class ApiKeyValidator {

    static final int MAX_NAME_LENGTH = 100;
    static final String INVALID_API_KEY = "invalid-api-key";

    private final Set<String> knownRoles;

    ApiKeyValidator(Set<String> knownRoles) {
        this.knownRoles = Set.copyOf(knownRoles);
    }

    /** The roles of a valid request. */
    Set<String> validate(ApiKeyRequest request) {
        List<Map<String, String>> violations = new ArrayList<>();
        if (request == null) {
            throw ApiProblemException.badRequest(INVALID_API_KEY, "The body must be {\"name\": ..., \"roles\": [...]}.")
                    .with("violations", List.of(Map.of("field", "name", "message", "is required")));
        }
        String name = request.name();
        if (name == null || name.isBlank()) {
            violations.add(Map.of("field", "name", "message", "must not be blank"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            violations.add(Map.of("field", "name", "message", "must be at most " + MAX_NAME_LENGTH + " characters"));
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            violations.add(Map.of("field", "name", "message", "must not contain control characters"));
        }
        Set<String> roles = new LinkedHashSet<>();
        if (request.roles() == null || request.roles().isEmpty()) {
            violations.add(Map.of("field", "roles", "message", "must name at least one of " + sorted(knownRoles)));
        } else {
            for (int i = 0; i < request.roles().size(); i++) {
                String role = request.roles().get(i);
                if (role == null || !knownRoles.contains(role)) {
                    violations.add(Map.of("field", "roles[" + i + "]",
                            "message", "unknown role '" + role + "'; one of " + sorted(knownRoles)));
                } else {
                    roles.add(role);
                }
            }
        }
        if (!violations.isEmpty()) {
            Map<String, String> first = violations.getFirst();
            String detail = "The key request is invalid: " + first.get("field") + " " + first.get("message")
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)." : ".");
            throw ApiProblemException.badRequest(INVALID_API_KEY, detail).with("violations", violations);
        }
        return Set.copyOf(roles);
    }

    private static List<String> sorted(Set<String> roles) {
        return roles.stream().sorted().toList();
    }
}
