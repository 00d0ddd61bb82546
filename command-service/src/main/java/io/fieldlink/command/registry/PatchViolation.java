package io.fieldlink.command.registry;

/**
 * One thing wrong with a device patch.
 *
 * @param field   JSON path of the bad member, e.g. {@code tags[2]} or {@code metadata.row}
 * @param message what is wrong
 */
record PatchViolation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
