package io.fieldlink.ingest.binary;

import io.fieldlink.ingest.IngestProperties;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured binary formats by group name, and which group a device's binary payload is
 * decoded with. Lookup order, first match wins:
 * <ol>
 *   <li>the device's own entry ({@code fieldlink.ingest.binary.devices.<device id>}: IMSI, SIM id or
 *       IMEI, whatever the entry point uses as device id);</li>
 *   <li>the entry point's group: the Funnel envelope's {@code credentialsId}
 *       ({@code fieldlink.ingest.binary.funnel-credentials.<credentialsId>}), the UDP/TCP endpoint's
 *       {@code format}, the Beam TCP endpoint's {@code format};</li>
 *   <li>the default group ({@code fieldlink.ingest.binary.default-format}).</li>
 * </ol>
 * Every name that is referenced must exist: checked when this is built, so a typo fails startup.
 */
public final class BinaryFormats {

    private final Map<String, BinaryFormat> formats;
    private final String defaultFormat;
    private final Map<String, String> devices;
    private final Map<String, String> funnelCredentials;

    /**
     * @param formats           compiled formats by group name
     * @param defaultFormat     group used when nothing more specific applies; null or blank for none
     * @param devices           device id to group
     * @param funnelCredentials Funnel {@code credentialsId} to group
     * @throws IllegalArgumentException when a mapping names a group that is not configured
     */
    public BinaryFormats(Map<String, BinaryFormat> formats, String defaultFormat, Map<String, String> devices,
                         Map<String, String> funnelCredentials) {
        this.formats = Map.copyOf(formats);
        this.defaultFormat = defaultFormat == null || defaultFormat.isBlank() ? null : defaultFormat.strip();
        this.devices = Map.copyOf(devices);
        this.funnelCredentials = Map.copyOf(funnelCredentials);
        if (this.defaultFormat != null) {
            require(this.defaultFormat, "fieldlink.ingest.binary.default-format");
        }
        this.devices.forEach((device, group) -> require(group, "fieldlink.ingest.binary.devices." + device));
        this.funnelCredentials.forEach((credentials, group) ->
                require(group, "fieldlink.ingest.binary.funnel-credentials." + credentials));
    }

    /**
     * Everything under {@code fieldlink.ingest.binary}, compiled and checked.
     *
     * @throws IllegalArgumentException naming the group and field (or the setting) at fault
     */
    public static BinaryFormats from(IngestProperties.Binary binary) {
        Map<String, String> compact = new LinkedHashMap<>();
        Map<String, java.util.List<BinaryFormat.FieldSpec>> fields = new LinkedHashMap<>();
        binary.formats().forEach((group, spec) -> {
            boolean hasCompact = spec.format() != null && !spec.format().isBlank();
            if (hasCompact && !spec.fields().isEmpty()) {
                throw new IllegalArgumentException("binary format '" + group + "': set either format or fields, not both");
            }
            if (hasCompact) {
                compact.put(group, spec.format());
            } else {
                fields.put(group, spec.fields().stream()
                        .map(f -> f == null ? null : new BinaryFormat.FieldSpec(f.name(), f.offset(), f.bit(), f.type(), f.expression()))
                        .toList());
            }
        });
        return new BinaryFormats(compile(compact, fields), binary.defaultFormat(), binary.devices(), binary.funnelCredentials());
    }

    public static BinaryFormats none() {
        return new BinaryFormats(Map.of(), null, Map.of(), Map.of());
    }

    /** Compiles every group: a compact format string or a list of fields (exactly one of both). */
    public static Map<String, BinaryFormat> compile(Map<String, String> compactByGroup,
                                                    Map<String, java.util.List<BinaryFormat.FieldSpec>> fieldsByGroup) {
        Map<String, BinaryFormat> compiled = new LinkedHashMap<>();
        compactByGroup.forEach((group, compact) -> compiled.put(group, BinaryFormat.parse(group, compact)));
        fieldsByGroup.forEach((group, fields) -> {
            if (compiled.containsKey(group)) {
                throw new IllegalArgumentException("binary format '" + group + "': set either format or fields, not both");
            }
            compiled.put(group, BinaryFormat.of(group, fields));
        });
        return compiled;
    }

    public Optional<BinaryFormat> named(String group) {
        return group == null ? Optional.empty() : Optional.ofNullable(formats.get(group));
    }

    /**
     * The group named by a setting, which must exist.
     *
     * @param property the setting that names it, for the error message
     */
    public BinaryFormat require(String group, String property) {
        BinaryFormat format = formats.get(group);
        if (format == null) {
            throw new IllegalArgumentException(property + " names binary format '" + group
                    + "', which is not configured (fieldlink.ingest.binary.formats: " + formats.keySet() + ")");
        }
        return format;
    }

    /**
     * @param deviceId         the device, may be null
     * @param entryPointFormat the entry point's configured group, may be null
     */
    public Optional<BinaryFormat> select(String deviceId, String entryPointFormat) {
        String group = deviceId == null ? null : devices.get(deviceId);
        if (group == null && entryPointFormat != null && !entryPointFormat.isBlank()) {
            group = entryPointFormat;
        }
        if (group == null) {
            group = defaultFormat;
        }
        return named(group);
    }

    /** For a Funnel envelope: by device, then by the envelope's {@code credentialsId}, then the default. */
    public Optional<BinaryFormat> forFunnel(String deviceId, String credentialsId) {
        return select(deviceId, credentialsId == null ? null : funnelCredentials.get(credentialsId));
    }

    public int size() {
        return formats.size();
    }

    public Map<String, BinaryFormat> formats() {
        return formats;
    }

    @Override
    public String toString() {
        return "BinaryFormats" + formats.keySet() + (defaultFormat == null ? "" : ", default " + defaultFormat);
    }

}
