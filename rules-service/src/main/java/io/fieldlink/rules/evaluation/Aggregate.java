package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.evaluation.WindowState.OpenWindow;

import java.time.Duration;
import java.util.Optional;

/** Aggregates of a window condition, computed from a window's running totals. */
enum Aggregate {

    AVG("avg") {
        @Override
        Double of(OpenWindow window) {
            return window.sum() / window.count();
        }
    },
    MIN("min") {
        @Override
        Double of(OpenWindow window) {
            return window.min();
        }
    },
    MAX("max") {
        @Override
        Double of(OpenWindow window) {
            return window.max();
        }
    },
    SUM("sum") {
        @Override
        Double of(OpenWindow window) {
            return window.sum();
        }
    },
    COUNT("count") {
        @Override
        Double of(OpenWindow window) {
            return (double) window.count();
        }
    },
    /** Change per second between the earliest and the latest reading by event time; needs two distinct times. */
    RATE("rate") {
        @Override
        Double of(OpenWindow window) {
            Duration span = Duration.between(window.firstAt(), window.lastAt());
            if (window.count() < 2 || span.isZero() || span.isNegative()) {
                return null;
            }
            return (window.last() - window.first()) / (span.toNanos() / 1e9);
        }
    };

    private final String symbol;

    Aggregate(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    /** The aggregate of a window with at least one reading; null when it is undefined there (rate). */
    abstract Double of(OpenWindow window);

    static Optional<Aggregate> fromSymbol(String symbol) {
        for (Aggregate aggregate : values()) {
            if (aggregate.symbol.equals(symbol)) {
                return Optional.of(aggregate);
            }
        }
        return Optional.empty();
    }
}
