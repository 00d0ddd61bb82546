package io.fieldlink.bench;

import io.fieldlink.localstack.ServiceProcess;
import io.fieldlink.testsupport.DataDirs;
import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.KafkaNode;
import io.fieldlink.testsupport.MqttBrokerNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        Path home = DataDirs.newTempDir("ingest-bench");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            KafkaNode kafka = new KafkaNode(home.resolve("kafka"), 0).start();
            resources.add(kafka);
            kafka.createTopic("iot.telemetry.v1", 6);
            MqttBrokerNode mqtt = new MqttBrokerNode(home.resolve("mqtt"), 0).start();
            resources.add(mqtt);
            int port = FreePorts.pick();
            Path config = writeConfig(home, port, kafka.bootstrapServers(), mqtt.url());
            ServiceProcess ingest = ServiceProcess.start("ingest-service", port, options.repositoryRoot(), config,
                    home.resolve("logs"), List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"));
            resources.addFirst(ingest);
            ingest.awaitReady(Instant.now().plusSeconds(120));

            BeamRequests beam = new BeamRequests(URI.create("http://127.0.0.1:" + port), PSK);
            HttpLoad http = new HttpLoad(options.clients(), options.warmup(), options.duration());
            List<LoadResult> results = new ArrayList<>();
            System.out.printf(Locale.ROOT, "ingest load benchmark: %d clients, %d s warm-up + %d s measured per phase, %d cores%n",
                    options.clients(), options.warmup().toSeconds(), options.duration().toSeconds(),
                    Runtime.getRuntime().availableProcessors());

            LoadResult trivial = http.run("HTTP stack limit: trivial endpoint", 202, 1,
                    (client, seq) -> beam.unsigned("/bench/noop", BeamRequests.reading(seq)));
            results.add(print(trivial));
            LoadResult single = http.run("signed single-reading POST /v1/telemetry", 202, 1,
                    (client, seq) -> beam.signed("/v1/telemetry", client, "application/json", BeamRequests.reading(seq)));
            results.add(print(single));
            LoadResult batch = http.run("signed batches of " + options.batchSize() + " POST /v1/telemetry/batch", 202,
                    options.batchSize(), (client, seq) -> beam.signed("/v1/telemetry/batch", client,
                            "application/json", BeamRequests.batch(options.batchSize(), seq)));
            results.add(print(batch));
            LoadResult viaMqtt = new MqttLoad(mqtt.url(), kafka.bootstrapServers(), options.warmup(), options.duration())
                    .run("MQTT QoS 1 publish -> ingest -> Kafka", options.clients(), 2_000);
            results.add(print(viaMqtt));
            LoadResult raw = new RawProducerLoad(kafka.bootstrapServers(), options.warmup(), options.duration())
                    .run("Kafka limit: raw producer, same records", BeamRequests::record);
            results.add(print(raw));

            System.out.println();
            System.out.println(Table.render(results));
            System.out.printf(Locale.ROOT, "single-reading ingest / trivial endpoint = %.2f (goal >= 0.70)%n",
                    single.operationsPerSecond() / trivial.operationsPerSecond());
            System.out.printf(Locale.ROOT, "batched ingest points/s / raw producer records/s = %.2f (goal >= 0.50)%n",
                    batch.pointsPerSecond() / raw.pointsPerSecond());
        } finally {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
            DataDirs.deleteRecursively(home);
        }
    }

    private static LoadResult print(LoadResult result) {
        System.out.printf(Locale.ROOT, "  done: %-45s %,10.0f ops/s%n", result.name(), result.operationsPerSecond());
        return result;
    }

    private static Path writeConfig(Path home, int port, String kafka, String mqttUrl) throws IOException {
        Files.createDirectories(home);
        Path config = home.resolve("ingest-bench.yml");
        Files.writeString(config, """
                server:
                  address: 127.0.0.1
                  port: %d
                spring:
                  profiles:
                    active: bench
                  kafka:
                    bootstrap-servers: "%s"
                logging:
                  structured.format.console: ""
                  level:
                    root: WARN
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
                """.formatted(port, kafka, mqttUrl, BeamRequests.TENANT, PSK));
        return config;
    }
}
