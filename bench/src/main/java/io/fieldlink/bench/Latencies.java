package io.fieldlink.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, thread-safe, with percentiles in milliseconds. */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** Sorted copy. */
    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(samples, size);
        Arrays.sort(copy);
        return copy;
    }

    /** {@code p50 | p90 | p99 | max} in ms, Markdown cells. */
    String cells() {
        long[] sorted = sorted();
        return String.format(Locale.ROOT, "%s | %s | %s | %s", ms(sorted, 50), ms(sorted, 90), ms(sorted, 99),
                ms(sorted, 100));
    }

    double percentileMillis(double p) {
        return RulesLoadBenchmark.percentile(sorted(), p);
    }

    private static String ms(long[] sorted, double p) {
        double value = RulesLoadBenchmark.percentile(sorted, p);
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
