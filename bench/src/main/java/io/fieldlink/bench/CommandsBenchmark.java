package io.fieldlink.bench;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.TelemetrySerializer;
import io.fieldlink.contracts.Topic;
import io.fieldlink.contracts.Topics;
import io.fieldlink.localstack.ServiceProcess;
import io.fieldlink.simulator.ActuatorFleet;
import io.fieldlink.simulator.Lwm2mOptions;
import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.KafkaNode;
import io.fieldlink.testsupport.MqttBrokerNode;
import io.fieldlink.testsupport.QuietLogging;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Command round trip (issue 5): REST accepted -> device ack -> status visible by REST, over MQTT and LwM2M, with
 * 1,000 simulated sprinklers per transport. Starts Kafka and HiveMQ in this JVM, command-service as a child process
 * (MQTT on that broker, its LwM2M server on free UDP ports), the simulator's sprinklers ({@link ActuatorFleet}), then
 * offers paced commands and polls their status. Baselines in the same run: the POST alone, a GET of a finished
 * command alone, an MQTT request/reply between two clients on the same broker, and a bare Leshan server's write to
 * the same simulated clients. Command: {@code bin/bench commands}.
 */
public final class CommandsBenchmark {

    private static final String API_KEY = "bench-api-key";
    private static final String TENANT = BeamRequests.TENANT;
    /** 32 bytes; the devices' PSKs are HMAC-SHA256(master, endpoint) on both sides. */
    private static final String PSK_MASTER = "62656e63682d6c776d326d2d6d61737465722d6b65792d3030303030303030";
    private static final Duration READY_PATIENCE = Duration.ofMinutes(3);

    private CommandsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CommandsBenchOptions options = CommandsBenchOptions.parse(args);
        // 1,000 Leshan clients log every start and stop at INFO
        QuietLogging.quiet("org.eclipse.leshan", "org.eclipse.californium");
        try (BenchHome home = new BenchHome("commands-bench")) {
            Instant started = Instant.now();
            KafkaNode kafka = home.add(new KafkaNode(home.dir().resolve("kafka"), 0).start());
            for (Topic<?, ?> topic : Topics.ALL) {
                kafka.createTopic(topic.name(), 6, topic.compacted() ? Map.of("cleanup.policy", "compact") : Map.of());
            }
            MqttBrokerNode broker = home.add(new MqttBrokerNode(home.dir().resolve("mqtt"), 0).start());
            int port = FreePorts.pick();
            int coapPort = freeUdpPort();
            int coapsPort = freeUdpPort();
            ServiceProcess service = home.addFirst(ServiceProcess.start("command-service", port, options.repositoryRoot(),
                    serviceConfig(home, port, kafka.bootstrapServers(), broker.url(), coapPort, coapsPort, options.lwm2mPsk()),
                    home.dir().resolve("logs"), List.of("-Xms512m", "-Xmx1g", "-XX:+UseParallelGC")));
            service.awaitReady(Instant.now().plus(READY_PATIENCE));
            long servicePid = ProcessCpu.childPid("command-service");
            System.out.printf(Locale.ROOT, "commands benchmark: %d devices per transport, %d commands/s, %d s warm-up + "
                            + "%d s measured per transport, status polled every %d ms, LwM2M %s; %d cores, load average "
                            + "at start %s; infrastructure and command-service ready in %.1f s%n",
                    options.devices(), options.rate(), options.warmup().toSeconds(), options.duration().toSeconds(),
                    options.pollInterval().toMillis(), options.lwm2mPsk() ? "DTLS PSK" : "plain CoAP",
                    Runtime.getRuntime().availableProcessors(), loadAverage(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);

            URI base = URI.create("http://127.0.0.1:" + port);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            CommandRoundTrips commands = new CommandRoundTrips(http, base, API_KEY, options.pollInterval());
            List<Row> rows = new ArrayList<>();
            List<String> executed = new ArrayList<>();
            for (String transport : options.transports()) {
                List<String> ids = deviceIds(transport.equals("mqtt") ? "29590100000" : "29590200000", options.devices());
                ActuatorFleet fleet = transport.equals("mqtt")
                        ? ActuatorFleet.mqtt(URI.create(broker.url()), ids)
                        : ActuatorFleet.lwm2m(options.lwm2mPsk()
                        ? Lwm2mOptions.of(URI.create("coaps://127.0.0.1:" + coapsPort)).withPskMaster(PSK_MASTER)
                        : Lwm2mOptions.of(URI.create("coap://127.0.0.1:" + coapPort)), ids);
                try (fleet) {
                    long t0 = System.nanoTime();
                    if (transport.equals("mqtt")) {
                        // MQTT devices enter the registry with their first reading; LwM2M ones by registering
                        announce(kafka.bootstrapServers(), ids);
                    }
                    fleet.start();
                    await(transport + " devices connected", () -> fleet.ready() == ids.size());
                    awaitRegistry(http, base, ids);
                    System.out.printf(Locale.ROOT, "  %s: %d devices %s and in the registry after %.1f s%n", transport,
                            ids.size(), transport.equals("mqtt") ? "online" : "registered", (System.nanoTime() - t0) / 1e9);
                    CpuWindow cpu = new CpuWindow(servicePid);
                    CommandRoundTrips.Result result = commands.run(ids, transport, options.rate(), options.warmup(),
                            options.duration(), cpu);
                    rows.add(new Row(transport + ": POST accepted -> device executed -> status executed by GET",
                            result.commands.get(), result.roundTrips, result.failureCount(), describe(result), cpu));
                    rows.add(new Row(transport + ": of which the POST (202)", result.posts.count(), result.posts,
                            0, "", null));
                    executed.addAll(result.executedIds);
                    System.out.printf(Locale.ROOT, "  %s: %d commands measured, %d executed, %d failed; %.1f status "
                                    + "polls per command; %d executed only at a second or later attempt; devices switched %d times%n",
                            transport, result.commands.get(), result.roundTrips.count(), result.failureCount(),
                            result.polls.get() / (double) Math.max(1, result.commands.get()), result.resent.get(),
                            fleet.switches());
                    if (result.lastResentBody != null) {
                        System.out.println("    a resent command, as the API shows it: " + result.lastResentBody);
                    }
                }
            }

            System.out.println("  baselines ...");
            Duration baselineWarmup = Duration.ofSeconds(Math.min(5, options.warmup().toSeconds()));
            Duration baseline = Duration.ofSeconds(Math.min(20, options.duration().toSeconds()));
            if (!executed.isEmpty()) {
                AtomicLong errors = new AtomicLong();
                CpuWindow cpu = new CpuWindow(servicePid);
                Latencies gets = commandsFloor(commands, executed, options.rate(), baselineWarmup, baseline, errors, cpu);
                rows.add(new Row("baseline: GET /v1/commands/{id} of a finished command alone", gets.count(), gets,
                        errors.get(), "", cpu));
            }
            if (options.transports().contains("mqtt")) {
                AtomicLong errors = new AtomicLong();
                try (RawMqttRoundTrip raw = new RawMqttRoundTrip(broker.url())) {
                    Latencies latencies = raw.run(options.rate(), baselineWarmup, baseline, errors);
                    rows.add(new Row("baseline: MQTT request -> device -> reply, QoS 1, same broker, no service",
                            latencies.count(), latencies, errors.get(), "", null));
                }
            }
            if (options.transports().contains("lwm2m")) {
                AtomicLong errors = new AtomicLong();
                try (RawLwm2mRoundTrip raw = new RawLwm2mRoundTrip()) {
                    List<String> ids = deviceIds("29590300000", options.devices());
                    try (ActuatorFleet fleet = ActuatorFleet.lwm2m(raw.clientOptions(options.lwm2mPsk() ? PSK_MASTER : null, ids), ids)) {
                        fleet.start();
                        await("baseline LwM2M clients registered", () -> ids.stream().allMatch(raw::registered));
                        Latencies latencies = raw.run(fleet, options.rate(), baselineWarmup, baseline, errors);
                        rows.add(new Row("baseline: bare Leshan server write 3306/0/5850 -> device answer, same clients, "
                                + "no service", latencies.count(), latencies, errors.get(), "", null));
                    }
                }
            }
            print(options, rows);
        }
    }

    private static Latencies commandsFloor(CommandRoundTrips commands, List<String> executed, int rate,
                                           Duration warmup, Duration duration, AtomicLong errors, CpuWindow cpu) {
        Latencies latencies = commands.getFinished(executed, rate, warmup, duration, errors);
        cpu.window(false);
        return latencies;
    }

    // --- output ------------------------------------------------------------------------------------------------

    private record Row(String path, long count, Latencies latencies, long failures, String failureDetail, CpuWindow cpu) {
    }

    private static void print(CommandsBenchOptions options, List<Row> rows) {
        System.out.println();
        System.out.println("| path | samples | p50 ms | p90 ms | p99 ms | max ms | failures |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %s | %s |%n", row.path(), row.latencies().count(),
                    row.latencies().cells(), row.failures() + (row.failureDetail().isEmpty() ? "" : " " + row.failureDetail()));
        }
        System.out.println();
        System.out.println("| measured window of | command-service CPU (cores) | bench JVM CPU (cores) | whole machine busy (cores) |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (Row row : rows) {
            if (row.cpu() != null) {
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", row.path().replaceFirst(" (POST accepted|GET).*", ""),
                        row.cpu().serviceCores(), row.cpu().benchCores(), row.cpu().machineCores());
            }
        }
        System.out.println();
        for (Row row : rows) {
            if (row.path().startsWith("mqtt: POST accepted")) {
                System.out.printf(Locale.ROOT, "MQTT round trip p99 = %.1f ms (goal <= 50 ms at 100 commands/s) at %d commands/s%n",
                        row.latencies().percentileMillis(99), options.rate());
            } else if (row.path().startsWith("lwm2m: POST accepted")) {
                System.out.printf(Locale.ROOT, "LwM2M round trip p99 = %.1f ms (goal <= 100 ms at 100 commands/s) at %d commands/s%n",
                        row.latencies().percentileMillis(99), options.rate());
            }
        }
    }

    private static String describe(CommandRoundTrips.Result result) {
        return result.failures.isEmpty() ? "" : result.failures.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue().get()).collect(Collectors.joining(", ", "(", ")"));
    }

    /** CPU used by command-service, this JVM and the machine between the window's start and end. */
    static final class CpuWindow implements PacedRun.WindowListener {
        private static final String SERVICE = "command-service";
        private static final String BENCH = "benchmark JVM";
        private final CpuUsage usage;
        private CpuUsage.Snapshot start;
        private Map<String, Double> cores = Map.of();

        CpuWindow(long servicePid) {
            Map<String, Long> pids = new java.util.LinkedHashMap<>();
            pids.put(SERVICE, servicePid);
            pids.put(BENCH, ProcessHandle.current().pid());
            usage = new CpuUsage(pids);
            window(true);
        }

        @Override
        public void window(boolean starting) {
            if (starting) {
                start = usage.take();
            } else {
                cores = CpuUsage.cores(start, usage.take());
            }
        }

        double serviceCores() {
            return cores.getOrDefault(SERVICE, Double.NaN);
        }

        double benchCores() {
            return cores.getOrDefault(BENCH, Double.NaN);
        }

        double machineCores() {
            return cores.getOrDefault(CpuUsage.MACHINE, Double.NaN);
        }
    }

    // --- setup -------------------------------------------------------------------------------------------------

    private static List<String> deviceIds(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(prefix + String.format(Locale.ROOT, "%04d", i));
        }
        return ids;
    }

    /** One reading per device on iot.telemetry.v1: the registry learns a device from its first reading. */
    private static void announce(String bootstrap, List<String> ids) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TelemetrySerializer.class);
        try (KafkaProducer<String, TelemetryReceived> producer = new KafkaProducer<>(props)) {
            for (String id : ids) {
                Instant now = Instant.now();
                producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), id, new TelemetryReceived(TENANT, id,
                        "announce-" + id, now, now, SourceProtocol.MQTT, new DeviceIdentity(id, null, null, null),
                        Map.of("temperature", 20.0), Map.of())));
            }
            producer.flush();
        }
    }

    /** Every device answers {@code GET /v1/devices/{id}} with 200 (polled, 100 ms apart while one is missing). */
    private static void awaitRegistry(HttpClient http, URI base, List<String> ids) throws Exception {
        long deadline = System.nanoTime() + READY_PATIENCE.toNanos();
        for (String id : ids) {
            HttpRequest get = HttpRequest.newBuilder(base.resolve("/v1/devices/" + id))
                    .header("Authorization", "Bearer " + API_KEY).timeout(Duration.ofSeconds(10)).GET().build();
            while (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("device " + id + " not in the registry after " + READY_PATIENCE);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + READY_PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not after " + READY_PATIENCE);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }


    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static Path serviceConfig(BenchHome home, int port, String kafka, String brokerUrl, int coapPort,
                                      int coapsPort, boolean psk) throws Exception {
        return home.serviceConfig("commands.yml", port, kafka, """
                fieldlink:
                  security:
                    api-keys:
                      - id: bench
                        sha256: "%s"
                        tenant: "%s"
                  commands:
                    mqtt:
                      enabled: true
                      url: "%s"
                    lwm2m:
                      enabled: true
                      bind-address: 127.0.0.1
                      coap-port: %d
                      coaps-port: %d
                      allow-plain-coap: %s
                      psk-master-key: "%s"
                      default-tenant: "%s"
                """.formatted(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(API_KEY.getBytes(StandardCharsets.UTF_8))), TENANT, brokerUrl, coapPort, coapsPort,
                !psk, psk ? PSK_MASTER : "", TENANT));
    }
}
