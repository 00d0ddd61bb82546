package io.fieldlink.rules.streams;

/** The text of a dead-letter reason header: what failed and the parser's first line, kept short. */
final class DeadLetterReasons {

    private static final int MAX_LENGTH = 300;

    private DeadLetterReasons() {
    }

    static String of(String what, Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        String reason = what + ": " + firstLine.strip();
        return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH);
    }
}
