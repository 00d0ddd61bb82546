package io.fieldlink.localstack;

import io.fieldlink.contracts.Topic;
import io.fieldlink.contracts.Topics;
import io.fieldlink.simulator.FarmSimulator;
import io.fieldlink.simulator.HeatSpell;
import io.fieldlink.simulator.Lwm2mOptions;
import io.fieldlink.simulator.RoundReport;
import io.fieldlink.simulator.SimulatorOptions;
import io.fieldlink.testsupport.KafkaNode;
import io.fieldlink.testsupport.MqttBrokerNode;
import io.fieldlink.testsupport.OpenSearchNode;
import io.fieldlink.testsupport.QuietLogging;
import io.fieldlink.testsupport.S3Node;
import io.fieldlink.testsupport.ServerNode;
import io.fieldlink.testsupport.SmtpNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The suite on one machine: embedded infrastructure in this JVM (OpenSearch as a child JVM), the
 * four services as child JVMs from their jars, then the simulated farm. Everything it started is
 * stopped by {@link #close()}, in reverse order.
 */
final class LocalStack implements AutoCloseable {

    static final int TOPIC_PARTITIONS = 3;

    private final LocalSettings settings;
    private final PrintStream out;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    LocalStack(LocalSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Starts everything and returns the time from call to "all services ready". */
    Duration start() throws Exception {
        Instant begin = Instant.now();
        Path home = settings.home();
        out.println("Fieldlink local stack, data in " + home);
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            Path data = home.resolve("data");
            awaitAll(List.of(
                    starter.submit(() -> {
                        KafkaNode kafka = new KafkaNode(data.resolve("kafka"), settings.kafkaPort(),
                                settings.kafkaControllerPort());
                        started.add(kafka);
                        kafka.start();
                        // provisioned before any service starts, so no consumer auto-creates a topic
                        // with the broker's default partition count
                        for (Topic<?, ?> topic : Topics.ALL) {
                            kafka.createTopic(topic.name(), TOPIC_PARTITIONS, topic.compacted()
                                    ? Map.of("cleanup.policy", "compact") : Map.of());
                        }
                        return null;
                    }),
                    starter.submit(startNode(() -> new OpenSearchNode(data.resolve("opensearch"), settings.openSearchPort()))),
                    starter.submit(startNode(() -> new MqttBrokerNode(data.resolve("mqtt"), settings.mqttPort())
                            .withFilePersistence(true))),
                    starter.submit(startNode(() -> new S3Node(data.resolve("s3"), settings.s3Port()))),
                    starter.submit(() -> {
                        SmtpNode smtp = new SmtpNode(data.resolve("smtp"), settings.smtpPort());
                        started.add(smtp);
                        smtp.start();
                        LocalMailbox mailbox = new LocalMailbox(smtp, home.resolve("mail"), out);
                        started.add(mailbox);
                        mailbox.start();
                        return null;
                    })));
            out.printf("Infrastructure up in %.1f s%n", secondsSince(begin));

            ServiceConfigs configs = new ServiceConfigs(settings);
            Path logs = home.resolve("logs");
            List<ServiceProcess> services = List.of(
                    service("ingest-service", settings.ingestPort(), configs.ingest(), logs),
                    service("dashboard-api", settings.dashboardPort(), configs.dashboard(), logs),
                    service("rules-service", settings.rulesPort(), configs.rules(), logs),
                    service("command-service", settings.commandPort(), configs.command(), logs));
            Instant deadline = begin.plus(settings.startTimeout());
            List<Future<Object>> ready = new ArrayList<>();
            for (ServiceProcess service : services) {
                ready.add(starter.submit(() -> {
                    service.awaitReady(deadline);
                    return null;
                }));
            }
            awaitAll(ready);
        }
        Duration coldStart = Duration.between(begin, Instant.now());
        out.printf("Services ready in %.1f s%n", coldStart.toMillis() / 1000.0);
        out.println(new FarmRule(settings).ensure());
        startSimulator();
        return coldStart;
    }

    private Callable<Object> startNode(Callable<ServerNode> factory) {
        return () -> {
            ServerNode node = factory.call();
            started.add(node);
            node.start();
            return null;
        };
    }

    private ServiceProcess service(String module, int port, Path config, Path logs) throws IOException {
        ServiceProcess process = ServiceProcess.start(module, port, settings.repositoryRoot(), config, logs,
                ServiceProcess.LOCAL_JVM_OPTIONS);
        started.add(process);
        return process;
    }

    private void startSimulator() {
        // one INFO line per LwM2M client endpoint and DTLS handshake would bury the farm's console lines
        QuietLogging.quiet("org.eclipse.leshan", "org.eclipse.californium");
        SimulatorOptions options = SimulatorOptions.of(URI.create("http://127.0.0.1:" + settings.ingestPort()),
                        settings.beamPsk())
                .withDevices(settings.simulatedDevices())
                .withInterval(settings.simulatorInterval())
                .withHeatSpell(settings.heatSpell() ? HeatSpell.greenhouse(Instant.now()) : null)
                .withMqttUrl(settings.mqttUri())
                // every field's sprinkler obeys MQTT commands (devices/<imsi>/commands) on the local broker
                .withSprinklers(settings.mqttUri())
                // and every field device is an LwM2M client of command-service too (DTLS, derived PSK)
                .withLwm2m(Lwm2mOptions.of(settings.lwm2mSecureUri()).withPskMaster(settings.lwm2mPskMaster()));
        FarmSimulator farm = new FarmSimulator(options, this::report,
                switched -> out.println("farm: " + switched.summary()));
        started.add(farm);
        farm.start();
        out.printf("Potato farm: %d sensors posting every %d s, sprinklers on %s and LwM2M clients of %s%n",
                settings.simulatedDevices(), settings.simulatorInterval().toSeconds(), settings.mqttUri(),
                settings.lwm2mSecureUri());
    }

    private void report(RoundReport round) {
        // a quiet console: the first round, then a line a minute, and every round with failures
        long perMinute = Math.max(1, 60 / Math.max(1, settings.simulatorInterval().toSeconds()));
        if (round.failed() > 0 || round.round() == 1 || round.round() % perMinute == 0) {
            out.println("farm: " + round.summary());
        }
    }

    private static void awaitAll(List<? extends Future<?>> futures) throws Exception {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private static double secondsSince(Instant begin) {
        return Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> reverse;
        synchronized (started) {
            reverse = new ArrayList<>(started);
        }
        Collections.reverse(reverse);
        // the services first (graceful: they flush to Kafka), then the infrastructure
        reverse.sort((a, b) -> Boolean.compare(!(a instanceof ServiceProcess || a instanceof FarmSimulator),
                !(b instanceof ServiceProcess || b instanceof FarmSimulator)));
        for (AutoCloseable resource : reverse) {
            try {
                resource.close();
            } catch (Exception e) {
                out.println("while stopping " + resource + ": " + e);
            }
        }
    }
}
