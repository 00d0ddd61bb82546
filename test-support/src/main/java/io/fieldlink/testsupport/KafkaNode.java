package io.fieldlink.testsupport;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.x (KRaft, combined broker + controller) running in this JVM.
 *
 * <p>The log directory is {@code <dataDir>/kafka-logs}; it is formatted (new cluster id) only when
 * its {@code meta.properties} is absent, so a node started again on the same data directory keeps
 * its topics and records. Listeners: PLAINTEXT on {@code 127.0.0.1:<port>} for clients and
 * CONTROLLER on another loopback port (static quorum, {@code controller.quorum.voters}).
 *
 * <p>{@link #stop()} shuts the server down but keeps data directory and ports, so {@link #start()}
 * brings it back on the same address (for "broker unavailable" tests). {@link #close()} stops it for
 * good (the data directory is left in place).
 *
 * <p>Kafka's fatal-error path calls {@code Exit.halt}; the first start replaces Kafka's exit and
 * halt procedures with ones that log and throw, so that a broker failure cannot kill a test JVM.
 */
public final class KafkaNode implements ServerNode {

    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);
    private static final AtomicBoolean EXIT_GUARD_INSTALLED = new AtomicBoolean();

    public static final int NODE_ID = 1;
    public static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final int requestedControllerPort;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private int controllerPort;
    private volatile KafkaRaftServer server;
    private boolean closed;

    /** A node on {@code port} (0 = a free port, fixed for the lifetime of this object). */
    public KafkaNode(Path dataDir, int port) {
        this(dataDir, port, 0);
    }

    /**
     * A node on {@code port} with its controller listener on {@code controllerPort} (0 = a free port,
     * picked once; with the static quorum the controller port may differ between runs).
     */
    public KafkaNode(Path dataDir, int port, int controllerPort) {
        this.dataDir = DataDirs.ensure(dataDir);
        this.logDir = this.dataDir.resolve("kafka-logs");
        this.port = FreePorts.resolve(port);
        this.requestedControllerPort = controllerPort;
    }

    /** Creates and starts a node. */
    public static KafkaNode start(Path dataDir, int port) {
        return new KafkaNode(dataDir, port).start();
    }

    /** Adds or overrides a broker property (takes effect on the next {@link #start()}). */
    public synchronized KafkaNode withBrokerProperty(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** Starts the broker (no-op when it is running); blocks until it accepts clients. */
    public synchronized KafkaNode start() {
        if (closed) {
            throw new IllegalStateException("KafkaNode is closed");
        }
        if (server != null) {
            return this;
        }
        installExitGuard();
        // logs each partition a new topic gets ("Expected partition ... to exist, but it was missing. Creating...")
        // at ERROR although nothing is wrong
        QuietLogging.silence("state.change.logger");
        QuietLogging.quiet("kafka", "org.apache.kafka.server", "org.apache.kafka.controller",
                "org.apache.kafka.raft", "org.apache.kafka.image", "org.apache.kafka.metadata",
                "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
                "org.apache.kafka.snapshot", "org.apache.kafka.network", "org.apache.kafka.security",
                "org.apache.kafka.common.network", "org.apache.kafka.common.metrics",
                "org.apache.kafka.common.utils.AppInfoParser");
        if (controllerPort == 0) {
            controllerPort = FreePorts.resolve(requestedControllerPort);
        }
        long t0 = System.nanoTime();
        try {
            boolean formatted = formatIfNeeded();
            KafkaConfig config = new KafkaConfig(brokerProperties(), false);
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                s.startup();
            } catch (RuntimeException | Error e) {
                shutdownQuietly(s);
                throw e;
            }
            server = s;
            awaitReady(Duration.ofSeconds(60));
            shutdownHook().register();
            log.info("Kafka (KRaft) started on {} in {} ms ({} data dir {})", bootstrapServers(),
                    (System.nanoTime() - t0) / 1_000_000, formatted ? "formatted new" : "resumed", dataDir);
            return this;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Kafka failed to start on " + bootstrapServers() + " with data dir "
                    + dataDir, e);
        }
    }

    /** Shuts the broker down, keeping data directory and ports for a later {@link #start()}. */
    public synchronized void stop() {
        KafkaRaftServer s = server;
        server = null;
        if (s == null) {
            return;
        }
        long t0 = System.nanoTime();
        shutdownQuietly(s);
        shutdownHook().remove();
        log.info("Kafka on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Stops the broker for good; the data directory stays. */
    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The controller listener port (0 before the first start). */
    public synchronized int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates a topic with replication factor 1; an existing topic is left as it is.
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with replication factor 1 and the given topic configs (e.g. {@code cleanup.policy=compact});
     * an existing topic is left as it is.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot create topic " + name, e);
        }
    }

    /**
     * Every record now in {@code topic} (all partitions, from the beginning up to the current end), as a
     * read-committed consumer sees it: records of aborted transactions are left out, and the end is the last
     * stable offset. Polls for at most 10 seconds; an unknown topic gives an empty list.
     */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Client properties for an {@link Admin} client talking to this node. */
    public Map<String, Object> adminProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }

    @Override
    public String toString() {
        return "KafkaNode[" + bootstrapServers() + ", " + dataDir + (isRunning() ? ", running]" : ", stopped]");
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.putAll(overrides);
        return p;
    }

    private boolean formatIfNeeded() throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return false;
        }
        Files.createDirectories(logDir);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .run();
        return true;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProperties())) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        throw new IllegalStateException("Kafka on " + bootstrapServers() + " not ready within " + timeout, last);
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Kafka shutdown failed", e);
        }
    }


    private static void installExitGuard() {
        if (EXIT_GUARD_INSTALLED.compareAndSet(false, true)) {
            Exit.setExitProcedure((code, message) -> {
                throw new IllegalStateException("Embedded Kafka called Exit.exit(" + code + "): " + message);
            });
            Exit.setHaltProcedure((code, message) -> {
                log.error("Embedded Kafka called Exit.halt({}): {} - the broker is broken, the JVM is kept alive",
                        code, message);
                throw new IllegalStateException("Embedded Kafka called Exit.halt(" + code + "): " + message);
            });
        }
    }

    private ShutdownHook shutdownHook;

    private synchronized ShutdownHook shutdownHook() {
        if (shutdownHook == null) {
            shutdownHook = new ShutdownHook("kafka-node-shutdown-" + port, this::stop);
        }
        return shutdownHook;
    }
}
