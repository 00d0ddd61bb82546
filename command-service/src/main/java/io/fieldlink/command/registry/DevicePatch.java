package io.fieldlink.command.registry;

import io.fieldlink.command.CommandProperties;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A JSON merge patch (RFC 7396) of a device's editable fields: {@code displayName}, {@code metadata},
 * {@code tags} and {@code groups}. As the RFC says, a member set to null removes it, an object ({@code metadata})
 * merges member by member, and an array ({@code tags}, {@code groups}) replaces the whole list. Any other member
 * is refused rather than stored: the rest of a device is what the registry observed, not what a client says.
 */
final class DevicePatch {

    /** Tags, groups and metadata keys; the same syntax rules-service accepts for a tag scope. */
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String LABEL_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";
    private static final Set<String> EDITABLE = Set.of("displayName", "metadata", "tags", "groups");

    /** The editable part of a device. */
    record Editable(String displayName, Map<String, String> metadata, Set<String> tags, Set<String> groups) {

        Editable {
            metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
            tags = Collections.unmodifiableSet(new TreeSet<>(tags));
            groups = Collections.unmodifiableSet(new TreeSet<>(groups));
        }
    }

    private final boolean displayNameSet;
    private final String displayName;
    private final boolean metadataCleared;
    /** Keys to set, or to remove when the value is null. */
    private final Map<String, String> metadataChanges;
    /** The new tags, or null when unchanged. */
    private final Set<String> tags;
    private final Set<String> groups;

    private DevicePatch(boolean displayNameSet, String displayName, boolean metadataCleared,
                        Map<String, String> metadataChanges, Set<String> tags, Set<String> groups) {
        this.displayNameSet = displayNameSet;
        this.displayName = displayName;
        this.metadataCleared = metadataCleared;
        this.metadataChanges = metadataChanges;
        this.tags = tags;
        this.groups = groups;
    }

    /**
     * Reads and checks a merge patch body.
     *
     * @throws io.fieldlink.support.problem.ApiProblemException 400 {@code invalid-device-patch} naming each bad member
     */
    static DevicePatch parse(JsonNode body, CommandProperties.Registry limits) {
        List<PatchViolation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ApiProblems.invalidPatch(List.of(new PatchViolation("$", "must be a JSON object (a merge patch)")));
        }
        boolean displayNameSet = false;
        String displayName = null;
        boolean metadataCleared = false;
        Map<String, String> metadataChanges = new HashMap<>();
        Set<String> tags = null;
        Set<String> groups = null;
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            switch (name) {
                case "displayName" -> {
                    displayNameSet = true;
                    displayName = displayName(value, limits, violations);
                }
                case "metadata" -> {
                    if (value.isNull()) {
                        metadataCleared = true;
                    } else {
                        metadata(value, limits, metadataChanges, violations);
                    }
                }
                case "tags" -> tags = labels("tags", value, violations);
                case "groups" -> groups = labels("groups", value, violations);
                default -> violations.add(new PatchViolation(name,
                        "is not editable; a patch may change " + String.join(", ", new TreeSet<>(EDITABLE))));
            }
        }
        if (!violations.isEmpty()) {
            throw ApiProblems.invalidPatch(violations);
        }
        return new DevicePatch(displayNameSet, displayName, metadataCleared, metadataChanges, tags, groups);
    }

    /** The editable fields after this patch. */
    Editable applyTo(Editable current) {
        String name = displayNameSet ? displayName : current.displayName();
        Map<String, String> metadata = new HashMap<>(metadataCleared ? Map.of() : current.metadata());
        metadataChanges.forEach((key, value) -> {
            if (value == null) {
                metadata.remove(key);
            } else {
                metadata.put(key, value);
            }
        });
        return new Editable(name, metadata, tags == null ? current.tags() : tags,
                groups == null ? current.groups() : groups);
    }

    /** What a patched device breaks of the count limits (counts depend on what was there before). */
    static List<PatchViolation> limitViolations(Editable patched, CommandProperties.Registry limits) {
        List<PatchViolation> violations = new ArrayList<>();
        if (patched.tags().size() > limits.maxTags()) {
            violations.add(new PatchViolation("tags", "at most " + limits.maxTags() + " tags"));
        }
        if (patched.groups().size() > limits.maxGroups()) {
            violations.add(new PatchViolation("groups", "at most " + limits.maxGroups() + " groups"));
        }
        if (patched.metadata().size() > limits.maxMetadataEntries()) {
            violations.add(new PatchViolation("metadata", "at most " + limits.maxMetadataEntries()
                    + " entries after the merge"));
        }
        return violations;
    }

    private static String displayName(JsonNode value, CommandProperties.Registry limits,
                                      List<PatchViolation> violations) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            violations.add(new PatchViolation("displayName", "must be a string, or null to remove it"));
            return null;
        }
        String text = value.stringValue();
        if (text.isBlank()) {
            violations.add(new PatchViolation("displayName", "must not be blank; send null to remove it"));
        } else if (text.length() > limits.maxDisplayNameLength()) {
            violations.add(new PatchViolation("displayName", "at most " + limits.maxDisplayNameLength() + " characters"));
        } else if (text.chars().anyMatch(Character::isISOControl)) {
            violations.add(new PatchViolation("displayName", "must not contain control characters"));
        }
        return text;
    }

    private static void metadata(JsonNode value, CommandProperties.Registry limits, Map<String, String> changes,
                                 List<PatchViolation> violations) {
        if (!value.isObject()) {
            violations.add(new PatchViolation("metadata", "must be an object of strings, or null to remove all"));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            String field = "metadata." + key;
            if (!LABEL.matcher(key).matches()) {
                violations.add(new PatchViolation(field, "key " + LABEL_RULE));
                continue;
            }
            JsonNode item = entry.getValue();
            if (item.isNull()) {
                changes.put(key, null);
            } else if (!item.isString()) {
                violations.add(new PatchViolation(field, "must be a string, or null to remove it"));
            } else if (item.stringValue().length() > limits.maxMetadataValueLength()) {
                violations.add(new PatchViolation(field, "at most " + limits.maxMetadataValueLength() + " characters"));
            } else {
                changes.put(key, item.stringValue());
            }
        }
    }

    private static Set<String> labels(String field, JsonNode value, List<PatchViolation> violations) {
        if (value.isNull()) {
            return Set.of();
        }
        if (!value.isArray()) {
            violations.add(new PatchViolation(field, "must be an array of strings, or null to remove all"));
            return null;
        }
        Set<String> labels = new TreeSet<>();
        int index = 0;
        for (JsonNode item : value.values()) {
            if (!item.isString() || !LABEL.matcher(item.stringValue()).matches()) {
                violations.add(new PatchViolation(field + "[" + index + "]", LABEL_RULE));
            } else {
                labels.add(item.stringValue());
            }
            index++;
        }
        return labels;
    }
}
