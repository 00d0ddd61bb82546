package io.fieldlink.bench;

import java.util.List;
import java.util.Locale;

/** The benchmark's result table, in Markdown so it can go into docs/benchmarks.md as printed. */
final class Table {

    private Table() {
    }

    static String render(List<LoadResult> results) {
        StringBuilder table = new StringBuilder("""
                | phase | ops/s | data points/s | p50 ms | p99 ms | errors |
                | --- | ---: | ---: | ---: | ---: | ---: |
                """);
        for (LoadResult r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %s | %s | %d |%n", r.name(),
                    r.operationsPerSecond(), r.pointsPerSecond(), millis(r.percentileMillis(50)),
                    millis(r.percentileMillis(99)), r.errors()));
        }
        return table.toString();
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
