package io.fieldlink.command.registry;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A device as the API shows it; absent optional fields are left out.
 *
 * @param online    seen within {@code fieldlink.commands.registry.online-window}
 * @param revision  the ETag; +1 on every stored change (edits, and last-seen writes)
 * @param updatedAt when the stored profile was last written
 */
record DeviceView(
        String deviceId,
        String displayName,
        DeviceIdentity identity,
        Instant firstSeen,
        Instant lastSeen,
        boolean online,
        SourceProtocol lastProtocol,
        Set<String> tags,
        Set<String> groups,
        Map<String, String> metadata,
        long revision,
        Instant updatedAt) {

    static DeviceView of(Device device) {
        return new DeviceView(device.deviceId(), device.displayName(), device.identity(), device.firstSeen(),
                device.lastSeen(), device.online(), device.lastProtocol(), device.tags(), device.groups(),
                device.metadata(), device.revision(), device.changedAt());
    }
}
