package io.fieldlink.command.registry;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A registered device as the registry sees it now: the stored profile with the freshest contact from memory
 * (the stored {@code lastSeen} trails by up to the write interval).
 *
 * @param online    whether it was seen within the online window when this view was made
 * @param revision  revision of the stored profile; the API's ETag
 * @param changedAt when the stored profile was last written
 */
record Device(
        String tenantId,
        String deviceId,
        DeviceIdentity identity,
        Instant firstSeen,
        Instant lastSeen,
        boolean online,
        SourceProtocol lastProtocol,
        String displayName,
        Map<String, String> metadata,
        Set<String> tags,
        Set<String> groups,
        long revision,
        Instant changedAt) {
}
