package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's current view of a device, published on {@link Topics#DEVICES} keyed by {@code deviceId}
 * whenever it changes (a compacted topic: the latest record per device is its profile). Written only by
 * command-service's device registry; rules-service uses {@code tenantId} and {@code tags} to match rules scoped
 * to a tag.
 *
 * <p>Every component after {@code changedAt} was added later (issue 5) and is absent in older records: readers
 * get null (objects), empty (collections) or 0 ({@code revision}).
 *
 * @param tenantId     operator id owning the device
 * @param deviceId     the device
 * @param tags         the device's tags (free labels, e.g. {@code greenhouse}); sorted
 * @param changedAt    when this profile was written
 * @param identity     the identity the network last vouched for (IMSI, IMEI, ...); null when never reported
 * @param firstSeen    when the device was first seen (its first reading or LwM2M registration)
 * @param lastSeen     when it was last seen as far as stored; the registry writes it at most once per
 *                     interval, so it may trail the real last contact by about that interval
 * @param lastProtocol how the device last reached Fieldlink
 * @param displayName  a name people gave the device; null when none
 * @param metadata     free key/value metadata people gave the device; sorted by key
 * @param groups       groups the device belongs to (e.g. {@code field-north}); sorted
 * @param revision     1 for the first record of a device, +1 for every later one; 0 in records written before
 *                     revisions existed (never null)
 */
public record DeviceProfileChanged(
        String tenantId,
        String deviceId,
        Set<String> tags,
        Instant changedAt,
        DeviceIdentity identity,
        Instant firstSeen,
        Instant lastSeen,
        SourceProtocol lastProtocol,
        String displayName,
        Map<String, String> metadata,
        Set<String> groups,
        Long revision) {

    public DeviceProfileChanged {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        tags = tags == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(tags));
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
        groups = groups == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(groups));
        // a boxed component: Jackson 3 refuses to read an absent primitive (FAIL_ON_NULL_FOR_PRIMITIVES)
        revision = revision == null ? 0L : revision;
    }

    /** The profile as first published (tags only), kept so existing callers compile unchanged. */
    public DeviceProfileChanged(String tenantId, String deviceId, Set<String> tags, Instant changedAt) {
        this(tenantId, deviceId, tags, changedAt, null, null, null, null, null, null, null, 0L);
    }
}
