package io.fieldlink.command.lwm2m;

import java.util.Map;

/**
 * What an LwM2M command does on the device (docs/commands.md, "LwM2M commands"); {@link Lwm2mCommands} makes one
 * from a command's name and parameters.
 */
sealed interface Lwm2mOperation {

    /** The command's result when the device answered with success (read: the values; others: {@link #result()}). */
    Map<String, String> result();

    record Read(String path) implements Lwm2mOperation {
        @Override
        public Map<String, String> result() {
            return Map.of();
        }
    }

    record Write(String path, String value, Map<String, String> result) implements Lwm2mOperation {
    }

    record Execute(String path, String arguments) implements Lwm2mOperation {
        @Override
        public Map<String, String> result() {
            return Map.of();
        }
    }

    record Observe(String path) implements Lwm2mOperation {
        @Override
        public Map<String, String> result() {
            return Map.of();
        }
    }

    /**
     * Firmware (or model) update through object 5: write the package URI, execute Update once the device reports
     * Downloaded, executed on Update Result 1.
     *
     * @param packageUri the download URL with the hash, name and version in its fragment
     */
    record FirmwareUpdate(String packageUri, Map<String, String> result) implements Lwm2mOperation {
    }
}
