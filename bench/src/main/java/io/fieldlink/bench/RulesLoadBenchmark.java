package io.fieldlink.bench;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryDeserializer;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.TelemetrySerializer;
import io.fieldlink.contracts.Topic;
import io.fieldlink.contracts.Topics;
import io.fieldlink.localstack.ServiceProcess;
import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.KafkaNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * End-to-end benchmark of the rules path: devices post signed readings to ingest at a fixed rate, rules-service
 * evaluates them against the tenant's active rules, and a probe rule's raise/clear transitions call a webhook
 * receiver in this JVM. Reports the latency from ingest's acceptance of the triggering reading to the webhook's
 * arrival (p50/p99), then the rules app's throughput draining a backlog with the same rules, beside a plain
 * consumer reading the same backlog in the same run (the Kafka + JSON limit). Command: {@code bin/bench rules}.
 */
public final class RulesLoadBenchmark {

    private static final String PSK = "bench-psk";
    private static final String API_KEY = "bench-api-key";
    private static final String STREAMS_APP = "fieldlink-rules";

    private RulesLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RulesBenchOptions options = RulesBenchOptions.parse(args);
        try (BenchHome home = new BenchHome("rules-bench")) {
            KafkaNode kafka = home.add(new KafkaNode(home.dir().resolve("kafka"), 0).start());
            for (Topic<?, ?> topic : Topics.ALL) {
                kafka.createTopic(topic.name(), 6, topic.compacted() ? Map.of("cleanup.policy", "compact") : Map.of());
            }
            WebhookReceiver receiver = home.addFirst(new WebhookReceiver());
            int ingestPort = FreePorts.pick();
            int rulesPort = FreePorts.pick();
            List<String> jvm = options.serviceJvm();
            List<String> ingestJvm = new ArrayList<>(jvm);
            options.ingestProperties().forEach(property -> ingestJvm.add("-D" + property));
            List<String> rulesJvm = new ArrayList<>(jvm);
            options.rulesProperties().forEach(property -> rulesJvm.add("-D" + property));
            if (options.jfrFile() != null) {
                rulesJvm.add("-XX:StartFlightRecording=settings=profile,filename=" + options.jfrFile().toAbsolutePath());
                ingestJvm.add("-XX:StartFlightRecording=settings=profile,filename="
                        + options.jfrFile().toAbsolutePath().toString().replaceFirst("(\\.jfr)?$", "-ingest.jfr"));
            }
            ServiceProcess ingest = home.addFirst(ServiceProcess.start("ingest-service", ingestPort,
                    options.repositoryRoot(), ingestConfig(home, ingestPort, kafka.bootstrapServers()),
                    home.dir().resolve("logs"), ingestJvm));
            ServiceProcess rules = home.addFirst(ServiceProcess.start("rules-service", rulesPort,
                    options.repositoryRoot(), rulesConfig(home, rulesPort, kafka.bootstrapServers()),
                    home.dir().resolve("logs"), rulesJvm));
            Instant deadline = Instant.now().plusSeconds(180);
            ingest.awaitReady(deadline);
            rules.awaitReady(deadline);

            System.out.printf(Locale.ROOT, "rules benchmark: %d devices, %d readings/s, %d rules, 1 in %d readings "
                            + "flips the probe, %d s warm-up at %d readings/s + %d s unmeasured at the rate + %d s measured, "
                            + "%d cores%n", options.devices(),
                    options.rate(), options.rules(), options.flipEvery(), options.warmup().toSeconds(),
                    options.warmupRate(), options.settle().toSeconds(), options.duration().toSeconds(), Runtime.getRuntime().availableProcessors());
            long created = createRules(URI.create("http://127.0.0.1:" + rulesPort), options.rules(), options.windowEvery(),
                    receiver.url());
            System.out.printf(Locale.ROOT, "  %d rules created (%d of them windows)%n", created,
                    options.windowEvery() > 0 ? (options.rules() - 1) / options.windowEvery() : 0);

            AlertTap written = home.addFirst(new AlertTap(kafka.adminProperties(), false));
            AlertTap committed = home.addFirst(new AlertTap(kafka.adminProperties(), true));
            Map<String, Long> processes = new java.util.LinkedHashMap<>();
            processes.put("ingest-service", ProcessCpu.childPid("ingest-service"));
            processes.put("rules-service", ProcessCpu.childPid("rules-service"));
            processes.put("benchmark JVM (Kafka broker, load generator, webhook receiver)", ProcessHandle.current().pid());
            CpuUsage cpu = new CpuUsage(processes);
            LatencyPhase latency = runLatencyPhase(options, new BeamRequests(URI.create("http://127.0.0.1:" + ingestPort), PSK),
                    receiver, written, committed, cpu);
            System.out.println();
            System.out.println("| path | offered readings/s | accepted readings/s | webhooks | p50 ms | p99 ms | max ms | ingest errors |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            System.out.printf(Locale.ROOT, "| ingest accept -> rules (%d rules) -> webhook receipt | %,d | %,.0f | %,d | %s | %s | %s | %d |%n",
                    options.rules(), options.rate(), latency.acceptedPerSecond, latency.latencies.length,
                    ms(latency.percentile(50)), ms(latency.percentile(99)), ms(latency.percentile(100)), latency.errors);
            System.out.println();
            System.out.println("| where the time goes: ingest accept -> | events | p50 ms | p99 ms |");
            System.out.println("| --- | ---: | ---: | ---: |");
            System.out.printf(Locale.ROOT, "| alert event written by the Streams app (read uncommitted) | %,d | %s | %s |%n",
                    latency.written.length, ms(percentile(latency.written, 50)), ms(percentile(latency.written, 99)));
            System.out.printf(Locale.ROOT, "| alert event committed (read committed, as the notifier reads) | %,d | %s | %s |%n",
                    latency.committed.length, ms(percentile(latency.committed, 50)), ms(percentile(latency.committed, 99)));
            System.out.printf(Locale.ROOT, "| webhook received | %,d | %s | %s |%n", latency.latencies.length,
                    ms(latency.percentile(50)), ms(latency.percentile(99)));
            System.out.println();
            System.out.printf(Locale.ROOT, "| CPU in the measured window (%d cores) | cores | CPU ms per accepted reading |%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| --- | ---: | ---: |");
            latency.cores.forEach((process, cores) -> System.out.printf(Locale.ROOT, "| %s | %.2f | %.3f |%n",
                    process, cores, cores * 1000 / latency.acceptedPerSecond));
            System.out.println();
            ThroughputPhase drain = runThroughputPhase(options, kafka);

            System.out.println("| backlog of " + String.format(Locale.ROOT, "%,d", options.backlog()) + " readings | readings/s |");
            System.out.println("| --- | ---: |");
            System.out.printf(Locale.ROOT, "| rules-service (%d rules, exactly-once) | %,.0f |%n", options.rules(), drain.rulesPerSecond);
            System.out.printf(Locale.ROOT, "| Kafka limit: plain consumer + JSON, same records | %,.0f |%n", drain.consumerPerSecond);
            System.out.printf(Locale.ROOT, "%nwebhook p99 = %s ms at %,.0f readings/s (goal <= 200 ms at 1,000/s); "
                            + "rules throughput / plain consumer = %.2f; webhooks received in all %d, unreadable %d%n",
                    ms(latency.percentile(99)), latency.acceptedPerSecond, drain.rulesPerSecond / drain.consumerPerSecond,
                    receiver.received(), receiver.unreadable());
        }
    }

    // --- rules ------------------------------------------------------------------------------------------------

    /**
     * One probe rule ({@code probe > 0.5} raises, {@code probe < 0.5} clears, webhook) and {@code count - 1}
     * quiet rules over every device that are evaluated on every reading but never hold: thresholds with
     * durations and hysteresis (the common rule), and one in a hundred an average over a one-minute window (every
     * window rule keeps per-device window state that changes with every reading, the costly kind).
     */
    private static long createRules(URI rulesBase, int count, int windowEvery, String webhookUrl) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong created = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = i == 0 ? "probe" : "quiet-" + i;
                String body = i == 0 ? probeRule(webhookUrl) : quietRule(i, windowEvery);
                futures.add(pool.submit(() -> {
                    HttpRequest put = HttpRequest.newBuilder(rulesBase.resolve("/v1/rules/" + id))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + API_KEY)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
                    HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("PUT rule " + id + " answered " + response.statusCode()
                                + ": " + response.body());
                    }
                    created.incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return created.get();
    }

    private static String probeRule(String webhookUrl) {
        return """
                {"name": "probe", "severity": "info",
                 "condition": {"type": "threshold", "measurement": "probe", "operator": ">", "value": 0.5},
                 "clear": {"type": "threshold", "measurement": "probe", "operator": "<", "value": 0.5},
                 "notifications": {"webhook": {"url": "%s", "secret": "bench-webhook-secret-0123456789"},
                                   "on": ["raised", "cleared"]}}
                """.formatted(webhookUrl);
    }

    private static String quietRule(int i, int windowEvery) {
        if (windowEvery > 0 && i % windowEvery == 0) {
            return """
                    {"name": "quiet window %d", "severity": "minor",
                     "condition": {"type": "window", "measurement": "humidity", "aggregate": "avg", "size": "PT1M",
                                   "operator": ">", "value": %d}}
                    """.formatted(i, 1000 + i);
        }
        return """
                {"name": "quiet threshold %d", "severity": "warning",
                 "condition": {"type": "threshold", "measurement": "temperature", "operator": ">", "value": %d, "for": "PT1M"},
                 "clear": {"type": "threshold", "measurement": "temperature", "operator": "<", "value": %d}}
                """.formatted(i, 1000 + i, 900 + i);
    }

    // --- latency: paced readings through ingest, webhooks back --------------------------------------------------

    /** Sorted latencies (ns) of the webhooks, and of the alert events as written and as committed. */
    private record LatencyPhase(double acceptedPerSecond, long errors, long[] latencies, long[] written,
                                long[] committed, Map<String, Double> cores) {
        double percentile(double p) {
            return RulesLoadBenchmark.percentile(latencies, p);
        }
    }

    /** Milliseconds; NaN when there are no samples. */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    private static LatencyPhase runLatencyPhase(RulesBenchOptions options, BeamRequests beam, WebhookReceiver receiver,
            AlertTap written, AlertTap committed, CpuUsage cpu) throws InterruptedException {
        long measureFromMicros = WebhookReceiver.nowMicros() + options.warmup().plus(options.settle()).toNanos() / 1_000;
        long endMicros = measureFromMicros + options.duration().toNanos() / 1_000;
        // CPU snapshots at the measured window's edges, taken beside the paced fleet
        AtomicReference<Map<String, Double>> cores = new AtomicReference<>(Map.of());
        Thread cpuWindow = Thread.ofVirtual().start(() -> {
            parkUntilMicros(measureFromMicros);
            CpuUsage.Snapshot start = cpu.take();
            parkUntilMicros(endMicros);
            cores.set(CpuUsage.cores(start, cpu.take()));
        });
        PacedFleet.Result sent = new PacedFleet(beam, options.devices(), options.warmup(), options.warmupRate(),
                options.settle(), options.duration(), options.rate()).run((device, n) -> {
                    int probe = (int) ((n / options.flipEvery()) % 2);
                    return String.format(Locale.ROOT, "{\"temperature\":%.1f,\"humidity\":%d,\"probe\":%d,\"seq\":%d}",
                            18 + (n % 100) / 10.0, 40 + n % 50, probe, n);
                });
        // let the last webhooks of the measured window arrive (they are counted by arrival time in the window)
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < settle) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        long[] latencies = receiver.latenciesBetween(measureFromMicros, endMicros);
        java.util.Arrays.sort(latencies);
        System.out.println("  slowest webhook of each measured second, ms: " + java.util.Arrays.stream(
                receiver.slowestPerSecond(measureFromMicros, endMicros)).mapToObj(Long::toString)
                .collect(Collectors.joining(" ")));
        cpuWindow.join();
        return new LatencyPhase(sent.accepted() / (options.duration().toNanos() / 1e9), sent.errors(), latencies,
                written.latenciesBetween(measureFromMicros, endMicros),
                committed.latenciesBetween(measureFromMicros, endMicros), cores.get());
    }

    private static void parkUntilMicros(long micros) {
        long wait;
        while ((wait = micros - WebhookReceiver.nowMicros()) > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(wait));
        }
    }

    // --- throughput: a backlog drained by the rules app, and by a plain consumer ---------------------------------

    private record ThroughputPhase(double rulesPerSecond, double consumerPerSecond) {
    }

    private static ThroughputPhase runThroughputPhase(RulesBenchOptions options, KafkaNode kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            Map<TopicPartition, Long> before = endOffsets(admin);
            produceBacklog(kafka, options);
            Map<TopicPartition, Long> target = endOffsets(admin);
            long records = target.values().stream().mapToLong(Long::longValue).sum()
                    - before.values().stream().mapToLong(Long::longValue).sum();
            long t0 = System.nanoTime();
            // the backlog is on the topic before the clock starts; the rules app drains it as fast as it can
            while (!caughtUp(admin, target)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException("rules-service did not drain the backlog in 10 minutes");
                }
            }
            double rulesRate = records / ((System.nanoTime() - t0) / 1e9);
            double consumerRate = plainConsumerRate(kafka, before, target, records);
            return new ThroughputPhase(rulesRate, consumerRate);
        }
    }

    private static void produceBacklog(KafkaNode kafka, RulesBenchOptions options) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TelemetrySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, TelemetryReceived> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < options.backlog(); i++) {
                int device = i % options.devices();
                String imsi = BeamRequests.imsi(device);
                Instant now = Instant.now();
                // probe stays low: the backlog measures evaluation, not webhook delivery
                TelemetryReceived reading = new TelemetryReceived(BeamRequests.TENANT, imsi, "backlog-" + i, now, now,
                        SourceProtocol.BEAM_HTTP, new DeviceIdentity(imsi, BeamRequests.imei(device), null, null),
                        Map.of("temperature", 18 + (i % 100) / 10.0, "humidity", 40.0 + i % 50, "probe", 0.0),
                        Map.of());
                producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), imsi, reading));
            }
            producer.flush();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        var partitions = admin.describeTopics(List.of(Topics.TELEMETRY.name())).allTopicNames().get()
                .get(Topics.TELEMETRY.name()).partitions().stream()
                .map(p -> new TopicPartition(Topics.TELEMETRY.name(), p.partition()))
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean caughtUp(Admin admin, Map<TopicPartition, Long> target) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(STREAMS_APP).partitionsToOffsetAndMetadata().get();
        for (var entry : target.entrySet()) {
            OffsetAndMetadata offset = committed.get(entry.getKey());
            // with exactly-once the committed offset may sit one past the end (the commit marker)
            if (offset == null || offset.offset() < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static double plainConsumerRate(KafkaNode kafka, Map<TopicPartition, Long> from,
                                            Map<TopicPartition, Long> to, long records) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, TelemetryDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, TelemetryReceived> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long seen = 0;
            long t0 = System.nanoTime();
            while (seen < records) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
            }
            return records / ((System.nanoTime() - t0) / 1e9);
        }
    }

    // --- service configuration -------------------------------------------------------------------------------

    private static Path ingestConfig(BenchHome home, int port, String kafka) throws IOException {
        return home.serviceConfig("ingest.yml", port, kafka, """
                fieldlink:
                  security:
                    permit-paths: [/v1/telemetry]
                  ingest:
                    topic-partitions: 6
                    rate-limit:
                      enabled: false
                    beam:
                      credentials:
                        - id: bench
                          tenant: "%s"
                          psk: "%s"
                """.formatted(BeamRequests.TENANT, PSK));
    }

    private static Path rulesConfig(BenchHome home, int port, String kafka) throws Exception {
        return home.serviceConfig("rules.yml", port, kafka, """
                fieldlink:
                  security:
                    api-keys:
                      - id: bench
                        sha256: "%s"
                        tenant: "%s"
                        roles: [admin]
                  rules:
                    streams:
                      state-dir: "%s"
                    limits:
                      max-rules-per-tenant: 100000
                    webhook:
                      allowed-addresses: ["127.0.0.1/32"]
                    email:
                      enabled: false
                """.formatted(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(API_KEY.getBytes(StandardCharsets.UTF_8))), BeamRequests.TENANT,
                home.dir().resolve("rules-state")));
    }


    private static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.1f", millis);
    }
}
