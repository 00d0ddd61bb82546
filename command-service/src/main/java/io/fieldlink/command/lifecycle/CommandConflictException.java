package io.fieldlink.command.lifecycle;

/**
 * A request reuses the id of a command that belongs to another tenant or device or has another name or other
 * parameters: it is not a repeat, and answering with the existing command would be wrong (or leak it).
 */
public class CommandConflictException extends RuntimeException {

    private final String commandId;

    CommandConflictException(String commandId) {
        super("command id " + commandId + " is already used by a different command");
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
