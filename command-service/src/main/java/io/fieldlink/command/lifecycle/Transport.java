package io.fieldlink.command.lifecycle;

/**
 * Sends a command to a device (MQTT, LwM2M). {@link CommandBook} calls it while holding its lock, so it must return
 * quickly and never wait for the device: it reports what happened later through {@link CommandBook#delivered},
 * {@link CommandBook#executed} and {@link CommandBook#failed}. An exception thrown here counts as a transient
 * failure of the attempt (the command is retried).
 */
@FunctionalInterface
public interface Transport {

    void send(CommandDispatch dispatch);
}
