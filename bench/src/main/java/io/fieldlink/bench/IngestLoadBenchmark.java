package io.fieldlink.bench;

import io.fieldlink.localstack.ServiceProcess;
import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.KafkaNode;
import io.fieldlink.testsupport.MqttBrokerNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end load on the ingest edge, with its two baselines measured in the same run on the same
 * machine: the same HTTP stack answering a trivial endpoint, and a raw Kafka producer sending the
 * same records. Prints one table. Command: {@code bin/bench load} (README, docs/benchmarks.md).
 */
public final class IngestLoadBenchmark {

    private static final String PSK = "bench-psk";

    private IngestLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        try (BenchHome home = new BenchHome("ingest-bench")) {
            KafkaNode kafka = home.add(new KafkaNode(home.dir().resolve("kafka"), 0).start());
            kafka.createTopic("iot.telemetry.v1", 6);
            MqttBrokerNode mqtt = home.add(new MqttBrokerNode(home.dir().resolve("mqtt"), 0).start());
            int port = FreePorts.pick();
            Path config = writeConfig(home, port, kafka.bootstrapServers(), mqtt.url());
            ServiceProcess ingest = home.addFirst(ServiceProcess.start("ingest-service", port, options.repositoryRoot(),
                    config, home.dir().resolve("logs"), serverJvmOptions(options)));
            ingest.awaitReady(Instant.now().plusSeconds(120));

            BeamRequests beam = new BeamRequests(URI.create("http://127.0.0.1:" + port), PSK);
            HttpLoad http = new HttpLoad(options.clients(), options.warmup(), options.duration());
            Results results = new Results();
            System.out.printf(Locale.ROOT, "ingest load benchmark: %d clients, %d s warm-up + %d s measured per phase, %d cores%n",
                    options.clients(), options.warmup().toSeconds(), options.duration().toSeconds(),
                    Runtime.getRuntime().availableProcessors());

            LoadResult trivial = null, single = null, batch = null, raw = null;
            if (options.runs("trivial")) {
                trivial = results.add(http.run("HTTP stack limit: trivial endpoint", 202, 1,
                        (client, seq) -> beam.unsigned("/bench/noop", BeamRequests.reading(seq))));
            }
            if (options.runs("single")) {
                single = results.add(http.run("signed single-reading POST /v1/telemetry", 202, 1,
                        (client, seq) -> beam.signed("/v1/telemetry", client, "application/json",
                                BeamRequests.reading(seq))));
            }
            if (options.runs("batch")) {
                // one body per client, built before the phase: the generator's CPU goes to sending, not
                // formatting; every request is still a new delivery (new Beam timestamp, new message ids)
                String[] bodies = new String[options.clients()];
                for (int c = 0; c < bodies.length; c++) {
                    bodies[c] = BeamRequests.batch(options.batchSize(), c);
                }
                batch = results.add(http.run("signed batches of " + options.batchSize() + " POST /v1/telemetry/batch",
                        202, options.batchSize(), (client, seq) -> beam.signed("/v1/telemetry/batch", client,
                                "application/json", bodies[client])));
            }
            if (options.runs("mqtt")) {
                results.add(new MqttLoad(mqtt.url(), kafka.bootstrapServers(), options.warmup(), options.duration())
                        .run("MQTT QoS 1 publish -> ingest -> Kafka", options.clients(), 2_000));
            }
            if (options.runs("raw")) {
                raw = results.add(new RawProducerLoad(kafka.bootstrapServers(), options.warmup(), options.duration())
                        .run("Kafka limit: raw producer, same records", BeamRequests::record));
            }
            System.out.println();
            System.out.println(Table.render(results.all()));
            if (single != null && trivial != null) {
                System.out.printf(Locale.ROOT, "single-reading ingest / trivial endpoint = %.2f (goal >= 0.70)%n",
                        single.operationsPerSecond() / trivial.operationsPerSecond());
            }
            if (batch != null && raw != null) {
                System.out.printf(Locale.ROOT, "batched ingest points/s / raw producer records/s = %.2f (goal >= 0.50)%n",
                        batch.pointsPerSecond() / raw.pointsPerSecond());
            }
        }
    }

    /** With {@code --jfr FILE}, the server records a flight recording for profiling (JDK Flight Recorder). */
    private static List<String> serverJvmOptions(BenchOptions options) {
        List<String> jvm = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"));
        if (options.jfrFile() != null) {
            jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + options.jfrFile().toAbsolutePath());
        }
        return jvm;
    }

    /** The phases' results in order, each printed as it completes. */
    private static final class Results {
        private final List<LoadResult> all = new ArrayList<>();

        LoadResult add(LoadResult result) {
            System.out.printf(Locale.ROOT, "  done: %-50s %,10.0f ops/s%n", result.name(), result.operationsPerSecond());
            all.add(result);
            return result;
        }

        List<LoadResult> all() {
            return all;
        }
    }

    private static Path writeConfig(BenchHome home, int port, String kafka, String mqttUrl) throws IOException {
        return home.serviceConfig("ingest-bench.yml", port, kafka, """
                spring:
                  profiles:
                    active: bench
                fieldlink:
                  security:
                    permit-paths: [/v1/telemetry, /v1/telemetry/batch, /v1/funnel, /bench/noop]
                  ingest:
                    topic-partitions: 6
                    # throughput is measured here; the per-device limit has its own tests
                    rate-limit:
                      enabled: false
                    mqtt:
                      enabled: true
                      url: "%s"
                      client-id: ingest-bench
                    beam:
                      credentials:
                        - id: bench
                          tenant: "%s"
                          psk: "%s"
                """.formatted(mqttUrl, BeamRequests.TENANT, PSK));
    }
}
