package io.fieldlink.command.lifecycle;

import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.DeviceCommand;

/**
 * One send attempt handed to the {@link Transport}.
 *
 * @param tenantId  operator id owning the device
 * @param deviceId  the device
 * @param transport the requested transport ({@code auto}: the transport picks how the device is connected)
 * @param attempt   1 for the first send, +1 for each resend; the command id stays the same
 * @param command   what the device receives
 */
public record CommandDispatch(String tenantId, String deviceId, CommandTransport transport, int attempt,
                              DeviceCommand command) {
}
