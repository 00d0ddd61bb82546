package io.fieldlink.bench;

import java.nio.file.Path;
import java.time.Duration;

/** {@code --clients N --seconds S --warmup S --batch N --repo DIR}, each with a default. */
record BenchOptions(int clients, Duration duration, Duration warmup, int batchSize, Path repositoryRoot) {

    static BenchOptions parse(String[] args) {
        int clients = 16;
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
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --clients --seconds --warmup --batch --repo)");
            }
            i++;
        }
        return new BenchOptions(clients, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup), batch,
                repo.toAbsolutePath().normalize());
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
