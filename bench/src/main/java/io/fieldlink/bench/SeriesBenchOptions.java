package io.fieldlink.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/bench series} options: {@code --devices 100 --days 100 --readings 10000000 --queries 300
 * --warmup-queries 2000 --jit-warmup 20000 --multi-devices 10 --bulk-size 5000 --bulk-in-flight 3 --seed 42
 * --repo DIR}.
 *
 * @param devices        simulated devices; each sends one reading (temperature and humidity) every
 *                       {@code days x 86,400 s / (readings / devices)}: 86.4 s with the defaults
 * @param days           the readings cover the last {@code days} days, ending when the load starts
 * @param readings       readings (documents) in total, spread evenly over the devices
 * @param queries        measured queries per query kind and side (API, direct)
 * @param warmupQueries  unmeasured queries per kind and side before them (JIT, OpenSearch caches of the segments).
 *                       2,000: with 100–300, dashboard-api's request path was still partly interpreted or in C1
 *                       code (C2 compiles after thousands of calls) and cost twice the CPU per query of a warm
 *                       service (docs/benchmarks.md)
 * @param jitWarmup      at most this many API queries (the kinds in turn) before the first kind, in rounds of
 *                       {@value SeriesQueryBenchmark#JIT_ROUND}, until dashboard-api's JIT compiler threads use less
 *                       than {@value SeriesQueryBenchmark#JIT_QUIET_PERCENT} % of a round's time in two rounds in a
 *                       row: code that runs once per request reaches C2 only after 5,000–15,000 calls (HotSpot's
 *                       tier-4 thresholds), and a service that has served traffic for a while runs it compiled
 * @param multiDevices   devices per request of the "several devices" variant; 0 leaves the variant out
 * @param bulkSize       readings per {@code _bulk} request of the load
 * @param bulkInFlight   {@code _bulk} requests in flight at once during the load
 * @param seed           seed of the readings' values and of the query sequence
 * @param jfrFile       when set, the measured dashboard-api records a JDK Flight Recording there (profiling)
 */
record SeriesBenchOptions(int devices, int days, long readings, int queries, int warmupQueries, int jitWarmup,
                          int multiDevices, int bulkSize, int bulkInFlight, long seed, Path repositoryRoot,
                          Path jfrFile) {

    /** The 30-day query needs 30 days of readings; the 1-day one one day inside raw retention. */
    static final int MIN_DAYS = 31;

    SeriesBenchOptions {
        if (days < MIN_DAYS) {
            throw new IllegalArgumentException("--days must be at least " + MIN_DAYS + " (the 30-day query), got " + days);
        }
        if (readings < devices) {
            throw new IllegalArgumentException("--readings must be at least --devices");
        }
        if (multiDevices > devices) {
            throw new IllegalArgumentException("--multi-devices must be at most --devices");
        }
    }

    long readingsPerDevice() {
        return readings / devices;
    }

    /** Time between two readings of one device. */
    Duration readingInterval() {
        return Duration.ofMillis(Duration.ofDays(days).toMillis() / readingsPerDevice());
    }

    static SeriesBenchOptions parse(String[] args) {
        int devices = 100;
        int days = 100;
        long readings = 10_000_000;
        int queries = 300;
        int warmup = 2000;
        int jitWarmup = 20_000;
        int multi = 10;
        int bulkSize = 5000;
        int inFlight = 3;
        long seed = 42;
        Path repo = Path.of(System.getenv().getOrDefault("FIELDLINK_REPO", "."));
        Path jfr = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--devices" -> devices = OptionValues.positive(args[i], value);
                case "--days" -> days = OptionValues.positive(args[i], value);
                case "--readings" -> readings = Long.parseLong(value.replace("_", "").replace(",", ""));
                case "--queries" -> queries = OptionValues.positive(args[i], value);
                case "--warmup-queries" -> warmup = OptionValues.notNegative(args[i], value);
                case "--jit-warmup" -> jitWarmup = OptionValues.notNegative(args[i], value);
                case "--multi-devices" -> multi = OptionValues.notNegative(args[i], value);
                case "--bulk-size" -> bulkSize = OptionValues.positive(args[i], value);
                case "--bulk-in-flight" -> inFlight = OptionValues.positive(args[i], value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--repo" -> repo = Path.of(value);
                case "--jfr" -> jfr = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: --devices --days "
                        + "--readings --queries --warmup-queries --jit-warmup --multi-devices --bulk-size --bulk-in-flight --seed --repo --jfr)");
            }
        }
        return new SeriesBenchOptions(devices, days, readings, queries, warmup, jitWarmup, multi, bulkSize, inFlight,
                seed, repo.toAbsolutePath().normalize(), jfr);
    }
}
