package io.fieldlink.bench;

import java.nio.file.Path;
import java.time.Duration;

/** {@code --clients N --seconds S --warmup S --batch N --repo DIR --jfr FILE}, each (but the JFR file) with a default. */
record BenchOptions(int clients, Duration duration, Duration warmup, int batchSize, Path repositoryRoot, Path jfrFile,
                    java.util.Set<String> phases) {

    static final java.util.List<String> ALL_PHASES = java.util.List.of("trivial", "single", "batch", "mqtt", "raw");

    boolean runs(String phase) {
        return phases.contains(phase);
    }


    static BenchOptions parse(String[] args) {
        int clients = 32;
        Path jfr = null;
        java.util.Set<String> phases = new java.util.LinkedHashSet<>(ALL_PHASES);
        int seconds = 20;
        int warmup = 10;
        int batch = 100;
        Path repo = Path.of(System.getenv().getOrDefault("FIELDLINK_REPO", "."));
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(require(args[i], value));
                case "--seconds" -> seconds = Integer.parseInt(require(args[i], value));
                case "--warmup" -> warmup = Integer.parseInt(require(args[i], value));
                case "--batch" -> batch = Integer.parseInt(require(args[i], value));
                case "--repo" -> repo = Path.of(require(args[i], value));
                case "--jfr" -> jfr = Path.of(require(args[i], value));
                case "--phases" -> {
                    phases = new java.util.LinkedHashSet<>(java.util.List.of(require(args[i], value).split(",")));
                    if (!ALL_PHASES.containsAll(phases)) {
                        throw new IllegalArgumentException("--phases takes a list of " + ALL_PHASES);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --clients --seconds --warmup --batch --repo --jfr --phases)");
            }
            i++;
        }
        return new BenchOptions(clients, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup), batch,
                repo.toAbsolutePath().normalize(), jfr, phases);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
