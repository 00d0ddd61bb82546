package io.fieldlink.rules.evaluation;

/**
 * Comparison operators of a threshold {@link Condition}.
 *
 * <p>Boundaries: {@code >} and {@code <} are strict, {@code >=} and {@code <=} include the threshold,
 * {@code ==} is exact double equality, {@link #BETWEEN} is inclusive {@code [threshold, upper]} and
 * {@link #OUTSIDE} is strict ({@code value < threshold || value > upper}), so the two are complements.
 * NaN never meets any comparison.
 */
public enum Comparison {

    GT(">") {
        @Override
        boolean test(double value, double threshold, double upper) {
            return value > threshold;
        }
    },
    GE(">=") {
        @Override
        boolean test(double value, double threshold, double upper) {
            return value >= threshold;
        }
    },
    LT("<") {
        @Override
        boolean test(double value, double threshold, double upper) {
            return value < threshold;
        }
    },
    LE("<=") {
        @Override
        boolean test(double value, double threshold, double upper) {
            return value <= threshold;
        }
    },
    EQ("==") {
        @Override
        boolean test(double value, double threshold, double upper) {
            return value == threshold;
        }
    },
    BETWEEN("between") {
        @Override
        boolean test(double value, double threshold, double upper) {
            return value >= threshold && value <= upper;
        }
    },
    OUTSIDE("outside") {
        @Override
        boolean test(double value, double threshold, double upper) {
            return value < threshold || value > upper;
        }
    };

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in rule definitions and messages ({@code ">="}, {@code "between"}, ...). */
    public String symbol() {
        return symbol;
    }

    /** Whether this operator compares against a range {@code [threshold, upper]} rather than a single threshold. */
    public boolean ranged() {
        return this == BETWEEN || this == OUTSIDE;
    }

    abstract boolean test(double value, double threshold, double upper);

    /** The operator written as {@code symbol} ({@code ">"}, {@code "between"}, ...), if there is one. */
    public static java.util.Optional<Comparison> fromSymbol(String symbol) {
        for (Comparison comparison : values()) {
            if (comparison.symbol.equals(symbol)) {
                return java.util.Optional.of(comparison);
            }
        }
        return java.util.Optional.empty();
    }
}
