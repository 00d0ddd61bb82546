package io.fieldlink.ingest.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The device topic: a pattern such as {@code tenants/{tenantId}/devices/{deviceId}/telemetry} whose
 * placeholder levels become {@code +} in the subscription and are read back from every message's
 * topic. Without a {@code {tenantId}} level the one configured tenant is every message's tenant.
 *
 * <p>The topic is only as trustworthy as the broker's ACL: the broker must let a device publish to
 * its own topic only (see docs/ingest.md, "Broker authentication and ACL").
 */
public final class MqttTopicScheme {

    public static final String TENANT = "{tenantId}";
    public static final String DEVICE = "{deviceId}";
    /** Longest tenant or device id read from a topic (operator ids have 12 characters, IMSIs 15). */
    static final int MAX_ID_LENGTH = 128;

    private final String pattern;
    private final List<String> levels;
    private final int tenantLevel;
    private final int deviceLevel;
    private final Set<String> tenants;

    private MqttTopicScheme(String pattern, List<String> levels, int tenantLevel, int deviceLevel, Set<String> tenants) {
        this.pattern = pattern;
        this.levels = levels;
        this.tenantLevel = tenantLevel;
        this.deviceLevel = deviceLevel;
        this.tenants = tenants;
    }

    /**
     * @param pattern device topic with one {@code {deviceId}} level and at most one {@code {tenantId}} level
     * @param tenants tenants served: empty = any tenant named in the topic; without {@code {tenantId}}
     *                exactly one
     * @throws IllegalArgumentException when {@link #check} finds a problem
     */
    public static MqttTopicScheme of(String pattern, List<String> tenants) {
        String problem = check(pattern, tenants);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid MQTT topic pattern '" + pattern + "': " + problem);
        }
        List<String> levels = List.of(pattern.split("/", -1));
        return new MqttTopicScheme(pattern, levels, levels.indexOf(TENANT), levels.indexOf(DEVICE), Set.copyOf(tenants));
    }

    /** What is wrong with a pattern and tenant list, or {@code null} when they are fine. */
    public static String check(String pattern, List<String> tenants) {
        if (pattern == null || pattern.isBlank()) {
            return "it is empty";
        }
        if (pattern.startsWith("$")) {
            return "topics starting with $ are the broker's";
        }
        List<String> levels = List.of(pattern.split("/", -1));
        int devices = 0;
        int tenantLevels = 0;
        for (String level : levels) {
            if (level.equals(DEVICE)) {
                devices++;
            } else if (level.equals(TENANT)) {
                tenantLevels++;
            } else if (level.isEmpty() || level.matches(".*[+#{}].*")) {
                return "level '" + level + "' must be a non-empty literal without + # { } (placeholders fill a whole level)";
            }
        }
        if (devices != 1) {
            return "it needs exactly one " + DEVICE + " level";
        }
        if (tenantLevels > 1) {
            return "it may have one " + TENANT + " level at most";
        }
        List<String> served = tenants == null ? List.of() : tenants;
        if (served.stream().anyMatch(t -> t == null || t.isBlank())) {
            return "tenants must not be blank";
        }
        if (tenantLevels == 0 && served.size() != 1) {
            return "without a " + TENANT + " level, tenants must name exactly the one tenant of every message";
        }
        return null;
    }

    public String pattern() {
        return pattern;
    }

    /** The pattern with every placeholder level replaced by {@code +}. */
    public String topicFilter() {
        List<String> filter = new ArrayList<>(levels);
        filter.set(deviceLevel, "+");
        if (tenantLevel >= 0) {
            filter.set(tenantLevel, "+");
        }
        return String.join("/", filter);
    }

    /** The MQTT 5 shared subscription of {@code group} on {@link #topicFilter()}. */
    public String sharedSubscription(String group) {
        return "$share/" + Objects.requireNonNull(group, "group") + "/" + topicFilter();
    }

    /** Tenant and device a message topic names, or why it does not fit the scheme. */
    public sealed interface Match permits Device, Mismatch {
    }

    /**
     * @param tenantId from the topic, or the configured tenant
     * @param deviceId from the topic
     */
    public record Device(String tenantId, String deviceId) implements Match {
    }

    /**
     * @param reason    for the dead-letter header and logs
     * @param forbidden true when the topic names a tenant this connection does not serve (as opposed
     *                  to a topic of the wrong shape)
     * @param tenantId  the tenant the topic names, when known
     * @param deviceId  the device the topic names, when known
     */
    public record Mismatch(String reason, boolean forbidden, String tenantId, String deviceId) implements Match {

        static Mismatch shape(String reason) {
            return new Mismatch("unknown topic shape: " + reason, false, null, null);
        }
    }

    public Match match(String topic) {
        if (topic == null) {
            return Mismatch.shape("no topic");
        }
        String[] parts = topic.split("/", -1);
        if (parts.length != levels.size()) {
            return Mismatch.shape("'" + abbreviate(topic) + "' does not match " + pattern);
        }
        for (int i = 0; i < parts.length; i++) {
            if (i != tenantLevel && i != deviceLevel && !parts[i].equals(levels.get(i))) {
                return Mismatch.shape("'" + abbreviate(topic) + "' does not match " + pattern);
            }
        }
        String device = parts[deviceLevel];
        if (device.isBlank() || device.length() > MAX_ID_LENGTH) {
            return Mismatch.shape("the device id level must hold 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (tenantLevel < 0) {
            return new Device(tenants.iterator().next(), device);
        }
        String tenant = parts[tenantLevel];
        if (tenant.isBlank() || tenant.length() > MAX_ID_LENGTH) {
            return Mismatch.shape("the tenant id level must hold 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (!tenants.isEmpty() && !tenants.contains(tenant)) {
            return new Mismatch("tenant " + tenant + " is not served by this MQTT connection (fieldlink.ingest.mqtt.tenants)",
                    true, tenant, device);
        }
        return new Device(tenant, device);
    }

    private static String abbreviate(String topic) {
        return topic.length() <= 200 ? topic : topic.substring(0, 200) + "...";
    }

    @Override
    public String toString() {
        return pattern;
    }
}
