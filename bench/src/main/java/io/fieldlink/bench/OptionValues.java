package io.fieldlink.bench;

/** Checked values of the benchmarks' command-line options; a bad one names its option. */
final class OptionValues {

    private OptionValues() {
    }

    static int positive(String option, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return parsed;
    }

    static int notNegative(String option, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed < 0) {
            throw new IllegalArgumentException(option + " must not be negative, got " + value);
        }
        return parsed;
    }
}
