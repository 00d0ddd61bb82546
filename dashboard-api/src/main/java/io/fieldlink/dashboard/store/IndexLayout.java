package io.fieldlink.dashboard.store;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.DashboardProperties.Granularity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Names in the OpenSearch read model.
 * <ul>
 *   <li>telemetry: one document per reading, id = message id, in {@code <prefix>-telemetry-yyyy.MM}
 *       (or {@code -yyyy.MM.dd}) by the reading's event time in UTC; read through {@code <prefix>-telemetry-*};</li>
 *   <li>devices: one document per device, id = {@code <tenantId>:<deviceId>}, in {@code <prefix>-devices};</li>
 *   <li>alerts: one document per alert, id = {@code <tenantId>:<alertId>}, in {@code <prefix>-alerts};</li>
 *   <li>commands: one document per command, id = {@code <tenantId>:<commandId>}, in {@code <prefix>-commands}.</li>
 * </ul>
 */
public final class IndexLayout {

    private static final DateTimeFormatter MONTHLY = DateTimeFormatter.ofPattern("uuuu.MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAILY = DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter YEARLY = DateTimeFormatter.ofPattern("uuuu").withZone(ZoneOffset.UTC);

    /** Separates tenant and device in a device document id; tenant ids may not contain it. */
    public static final char DEVICE_ID_SEPARATOR = ':';

    private final String prefix;
    private final Granularity granularity;

    public IndexLayout(String prefix, Granularity granularity) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.granularity = Objects.requireNonNull(granularity, "granularity");
    }

    public static IndexLayout of(DashboardProperties properties) {
        return new IndexLayout(properties.index().prefix(), properties.index().granularity());
    }

    /** The index a reading taken at {@code eventTime} is written to. */
    public String telemetryIndex(Instant eventTime) {
        DateTimeFormatter format = granularity == Granularity.DAILY ? DAILY : MONTHLY;
        return prefix + "-telemetry-" + format.format(eventTime);
    }

    /** Pattern covering every telemetry index (for searches and the index template). */
    public String telemetryPattern() {
        return prefix + "-telemetry-*";
    }

    public String telemetryTemplate() {
        return prefix + "-telemetry";
    }

    public String devicesIndex() {
        return prefix + "-devices";
    }

    public String devicesTemplate() {
        return prefix + "-devices";
    }

    public String alertsIndex() {
        return prefix + "-alerts";
    }

    public String alertsTemplate() {
        return prefix + "-alerts";
    }

    public String commandsIndex() {
        return prefix + "-commands";
    }

    public String commandsTemplate() {
        return prefix + "-commands";
    }

    /** The rollup index of the hour starting at {@code hour}: one index per year (UTC). */
    public String rollupIndex(Instant hour) {
        return prefix + "-rollup-" + YEARLY.format(hour);
    }

    /** Pattern covering every rollup index (for searches, retention and the index template). */
    public String rollupPattern() {
        return prefix + "-rollup-*";
    }

    public String rollupTemplate() {
        return prefix + "-rollup";
    }

    /** Progress of the scheduled jobs (one document per job); not matched by any other pattern. */
    public String jobsIndex() {
        return prefix + "-jobs";
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Id of a document owned by a tenant (a device, an alert, a command): the tenant is part of the id,
     * so two tenants never share a document even when their ids collide, and a read by id is scoped
     * to the caller's tenant. Unique because tenant ids never contain the separator.
     */
    public static String tenantDocumentId(String tenantId, String id) {
        return tenantId + DEVICE_ID_SEPARATOR + id;
    }

    /** Id of a device's "last seen" document; unique because tenant ids never contain the separator. */
    public static String deviceDocumentId(String tenantId, String deviceId) {
        return tenantId + DEVICE_ID_SEPARATOR + deviceId;
    }
}
