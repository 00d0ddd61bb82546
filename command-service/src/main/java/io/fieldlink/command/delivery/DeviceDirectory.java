package io.fieldlink.command.delivery;

import java.time.Instant;
import java.util.Optional;

/** What command delivery needs of the device registry (an interface, so the MQTT logic is testable alone). */
interface DeviceDirectory {

    /** The tenant of a registered device; empty for an unknown one. */
    Optional<String> tenantOf(String deviceId);

    /** A fresh contact: the device reported online over MQTT at {@code time}. */
    void contact(String tenantId, String deviceId, Instant time);
}
