package io.fieldlink.bench;

import java.util.Arrays;

/** What one load phase measured: operations, data points, errors, and the latency distribution. */
record LoadResult(String name, long operations, long points, long errors, long elapsedNanos, long[] sortedLatencyNanos) {

    static LoadResult of(String name, long operations, long pointsPerOperation, long errors, long elapsedNanos,
                         long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new LoadResult(name, operations, operations * pointsPerOperation, errors, elapsedNanos, sorted);
    }

    double operationsPerSecond() {
        return operations / (elapsedNanos / 1e9);
    }

    double pointsPerSecond() {
        return points / (elapsedNanos / 1e9);
    }

    /** Latency percentile in milliseconds, NaN when the phase has no per-operation latency. */
    double percentileMillis(double p) {
        if (sortedLatencyNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedLatencyNanos.length - 1, Math.ceil(p / 100.0 * sortedLatencyNanos.length) - 1);
        return sortedLatencyNanos[Math.max(0, index)] / 1e6;
    }
}
