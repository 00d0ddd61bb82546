package io.fieldlink.rules.evaluation;

import java.util.Objects;

/**
 * One immutable threshold condition, e.g. {@code > 80} or {@code between 10 and 20}.
 *
 * @param operator  the comparison
 * @param threshold the threshold, or the lower bound for {@link Comparison#BETWEEN} and {@link Comparison#OUTSIDE}
 * @param upper     the upper bound for {@code between}/{@code outside}; {@code null} for the other operators
 */
public record Condition(Comparison operator, double threshold, Double upper) {

    public Condition {
        Objects.requireNonNull(operator, "operator must not be null");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number, was " + threshold);
        }
        if (operator.ranged()) {
            if (upper == null || !Double.isFinite(upper)) {
                throw new IllegalArgumentException("upper must be a finite number for " + operator.symbol() + ", was " + upper);
            }
            if (upper <= threshold) {
                throw new IllegalArgumentException("upper must be greater than threshold for " + operator.symbol()
                        + ", was " + upper + " <= " + threshold);
            }
        } else if (upper != null) {
            throw new IllegalArgumentException("upper must be absent for " + operator.symbol() + ", was " + upper);
        }
    }

    /** A single-threshold condition ({@code >, >=, <, <=, ==}). */
    public static Condition of(Comparison operator, double threshold) {
        return new Condition(operator, threshold, null);
    }

    /** {@code low <= value <= high} (inclusive). */
    public static Condition between(double low, double high) {
        return new Condition(Comparison.BETWEEN, low, high);
    }

    /** {@code value < low || value > high} (strict). */
    public static Condition outside(double low, double high) {
        return new Condition(Comparison.OUTSIDE, low, high);
    }

    /** Whether {@code value} meets this condition; NaN never does. */
    public boolean test(double value) {
        return !Double.isNaN(value) && operator.test(value, threshold, upper == null ? Double.NaN : upper);
    }

    @Override
    public String toString() {
        return operator.ranged()
                ? operator.symbol() + " " + threshold + " and " + upper
                : operator.symbol() + " " + threshold;
    }
}
