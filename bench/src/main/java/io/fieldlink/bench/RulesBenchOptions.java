package io.fieldlink.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/bench rules} options: {@code --devices 100 --rate 1000 --rules 1000 --flip-every 10 --window-every 100 --seconds 30
 * --warmup 90 --warmup-rate 250 --settle 60 --backlog 100000 --repo DIR --jfr FILE --ingest-property K=V --rules-property K=V --service-jvm OPTIONS}.
 *
 * @param devices   simulated devices sending readings
 * @param rate      readings per second offered to ingest in the latency phase
 * @param rules     active rules of the tenant (one probe rule with a webhook, the rest quiet but evaluated)
 * @param windowEvery every n-th quiet rule is a window rule (0: none), default 100
 * @param flipEvery every n-th reading of a device flips its probe value, so 1/n of the readings raise or clear
 *                  the probe rule and cause a webhook call
 * @param duration  measured time of the latency phase
 * @param warmup    unmeasured time before it, at {@code warmupRate}: the JVMs compile their hot code then (at the
 *                  full rate on 2 cores, JIT compilation took most of a core per JVM for the first minute)
 * @param warmupRate readings per second offered during the warm-up
 * @param settle    unmeasured time at the full rate between the warm-up and the measured time: the JVMs compile
 *                  again for the higher rate (JFR: seconds of C2 compilation per 10 s in each JVM during the first
 *                  half minute at the full rate), which is not the steady state the benchmark reports
 * @param backlog   readings put straight on the topic for the throughput phase
 * @param jfrFile   when set, rules-service records a JDK Flight Recording there and ingest-service beside it (FILE-ingest.jfr)
 * @param ingestProperties settings given to ingest-service as system properties (repeatable option), to try a
 *                  setting without a rebuild, e.g. {@code --ingest-property spring.kafka.producer.properties.linger.ms=5}
 * @param rulesProperties the same for rules-service
 * @param serviceJvm JVM options of both services, space separated (default {@value #DEFAULT_SERVICE_JVM})
 */
record RulesBenchOptions(int devices, int rate, int rules, int flipEvery, int windowEvery, Duration duration,
                         Duration warmup, int warmupRate, Duration settle, int backlog, Path repositoryRoot, Path jfrFile,
                         List<String> ingestProperties, List<String> rulesProperties, List<String> serviceJvm) {

    static final String DEFAULT_SERVICE_JVM = "-Xms512m -Xmx1g -XX:+UseParallelGC";

    static RulesBenchOptions parse(String[] args) {
        int devices = 100;
        int rate = 1000;
        int rules = 1000;
        int flipEvery = 10;
        int windowEvery = 100;
        int seconds = 30;
        int warmup = 90;
        int warmupRate = 250;
        int settle = 60;
        int backlog = 100_000;
        Path jfr = null;
        List<String> ingestProperties = new ArrayList<>();
        List<String> rulesProperties = new ArrayList<>();
        String serviceJvm = DEFAULT_SERVICE_JVM;
        Path repo = Path.of(System.getenv().getOrDefault("FIELDLINK_REPO", "."));
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--devices" -> devices = OptionValues.positive(args[i], value);
                case "--rate" -> rate = OptionValues.positive(args[i], value);
                case "--rules" -> rules = OptionValues.positive(args[i], value);
                case "--flip-every" -> flipEvery = OptionValues.positive(args[i], value);
                case "--window-every" -> windowEvery = Integer.parseInt(value);
                case "--seconds" -> seconds = OptionValues.positive(args[i], value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--warmup-rate" -> warmupRate = OptionValues.positive(args[i], value);
                case "--settle" -> settle = Integer.parseInt(value);
                case "--backlog" -> backlog = OptionValues.positive(args[i], value);
                case "--repo" -> repo = Path.of(value);
                case "--jfr" -> jfr = Path.of(value);
                case "--ingest-property" -> ingestProperties.add(property(args[i], value));
                case "--rules-property" -> rulesProperties.add(property(args[i], value));
                case "--service-jvm" -> serviceJvm = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --devices --rate --rules --flip-every --window-every --seconds --warmup --warmup-rate --settle --backlog --repo --jfr --ingest-property --rules-property --service-jvm)");
            }
        }
        return new RulesBenchOptions(devices, rate, rules, flipEvery, windowEvery, Duration.ofSeconds(seconds),
                Duration.ofSeconds(warmup), warmupRate, Duration.ofSeconds(settle), backlog, repo.toAbsolutePath().normalize(), jfr,
                List.copyOf(ingestProperties), List.copyOf(rulesProperties),
                List.of(serviceJvm.trim().split("\\s+")));
    }

    private static String property(String option, String value) {
        int eq = value.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException(option + " takes KEY=VALUE, got " + value);
        }
        return value;
    }
}
