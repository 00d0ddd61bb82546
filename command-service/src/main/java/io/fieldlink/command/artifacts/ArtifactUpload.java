package io.fieldlink.command.artifacts;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated description of an upload. Name, version and kind go into S3 user metadata, which only carries
 * US-ASCII reliably: hence the narrow character sets.
 */
record ArtifactUpload(String name, String version, String kind) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}");
    static final List<String> KINDS = List.of("firmware", "model");

    /** The upload, or a 400 problem naming every bad field. A missing kind is {@code firmware}. */
    static ArtifactUpload of(String name, String version, String kind) {
        List<Map<String, String>> violations = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            violations.add(Map.of("field", "name",
                    "message", "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_' or '-', starting with a letter or digit"));
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            violations.add(Map.of("field", "version",
                    "message", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '+', '_' or '-', starting with a letter or digit"));
        }
        String effectiveKind = kind == null || kind.isEmpty() ? "firmware" : kind;
        if (!KINDS.contains(effectiveKind)) {
            violations.add(Map.of("field", "kind", "message", "must be firmware or model"));
        }
        if (!violations.isEmpty()) {
            throw ArtifactProblems.invalidArtifact(violations);
        }
        return new ArtifactUpload(name, version, effectiveKind);
    }
}
