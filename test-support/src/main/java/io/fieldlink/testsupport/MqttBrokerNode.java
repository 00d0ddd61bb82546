package io.fieldlink.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MQTT broker (HiveMQ CE embedded, MQTT 3.1.1 and 5) in this JVM, TCP listener on
 * {@code 127.0.0.1:<port>}.
 *
 * <p>Folders under the data directory: {@code hivemq/conf} (the {@code config.xml} written here on
 * every start), {@code hivemq/data} and {@code hivemq/extensions}. Persistence is in memory by
 * default (tests); {@link #withFilePersistence(boolean) file persistence} keeps retained messages,
 * sessions and queued messages across restarts (local stack).
 *
 * <p>{@code server-receive-maximum} is raised from HiveMQ's default 10 (which breaks bursts with Paho
 * error 32202 "Too many publishes in progress") to {@value #DEFAULT_SERVER_RECEIVE_MAXIMUM}.
 */
public final class MqttBrokerNode implements ServerNode {

    private static final Logger log = LoggerFactory.getLogger(MqttBrokerNode.class);

    public static final int DEFAULT_SERVER_RECEIVE_MAXIMUM = 10_000;
    public static final long DEFAULT_MAX_QUEUE_SIZE = 100_000;

    private final Path dataDir;
    private final int port;
    private boolean filePersistence;
    private int serverReceiveMaximum = DEFAULT_SERVER_RECEIVE_MAXIMUM;
    private long maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    private volatile EmbeddedHiveMQ hivemq;

    /** A broker on {@code port} (0 = a free port, fixed for the lifetime of this object). */
    public MqttBrokerNode(Path dataDir, int port) {
        this.dataDir = DataDirs.ensure(dataDir);
        this.port = FreePorts.resolve(port);
    }

    /** Creates and starts a broker with in-memory persistence. */
    public static MqttBrokerNode start(Path dataDir, int port) {
        return new MqttBrokerNode(dataDir, port).start();
    }

    /** File persistence under {@code <dataDir>/hivemq/data} instead of in-memory (default false). */
    public synchronized MqttBrokerNode withFilePersistence(boolean filePersistence) {
        this.filePersistence = filePersistence;
        return this;
    }

    /** MQTT 5 server receive maximum (in-flight QoS 1/2 publishes per client, 1..65535). */
    public synchronized MqttBrokerNode withServerReceiveMaximum(int serverReceiveMaximum) {
        this.serverReceiveMaximum = serverReceiveMaximum;
        return this;
    }

    /** Maximum queued messages per client session (HiveMQ default 1000). */
    public synchronized MqttBrokerNode withMaxQueueSize(long maxQueueSize) {
        this.maxQueueSize = maxQueueSize;
        return this;
    }

    /** Starts the broker (no-op when running). */
    public synchronized MqttBrokerNode start() {
        if (hivemq != null) {
            return this;
        }
        QuietLogging.quiet("com.hivemq", "jetbrains.exodus", "oshi", "org.rocksdb");
        long t0 = System.nanoTime();
        Path home = dataDir.resolve("hivemq");
        Path conf = DataDirs.ensure(home.resolve("conf"));
        Path data = DataDirs.ensure(home.resolve("data"));
        Path extensions = DataDirs.ensure(home.resolve("extensions"));
        try {
            Files.writeString(conf.resolve("config.xml"), configXml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write HiveMQ config to " + conf, e);
        }
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .build();
        try {
            broker.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            closeQuietly(broker);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("HiveMQ failed to start on " + url() + " with data dir " + dataDir, e);
        }
        hivemq = broker;
        log.info("MQTT broker (HiveMQ CE) started on {} in {} ms ({} persistence, data dir {})", url(),
                (System.nanoTime() - t0) / 1_000_000, filePersistence ? "file" : "in-memory", dataDir);
        return this;
    }

    /** Stops the broker; it can be started again on the same port. */
    public synchronized void stop() {
        EmbeddedHiveMQ broker = hivemq;
        hivemq = null;
        if (broker == null) {
            return;
        }
        long t0 = System.nanoTime();
        closeQuietly(broker);
        log.info("MQTT broker on {} stopped in {} ms", url(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return hivemq != null;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running HiveMQ instance (metrics registry), or null. */
    public EmbeddedHiveMQ hivemq() {
        return hivemq;
    }

    @Override
    public String toString() {
        return "MqttBrokerNode[" + url() + ", " + dataDir + (isRunning() ? ", running]" : ", stopped]");
    }

    private String configXml() {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                        </queued-messages>
                        <receive-maximum>
                            <server-receive-maximum>%d</server-receive-maximum>
                        </receive-maximum>
                    </mqtt>
                    <persistence>
                        <mode>%s</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, maxQueueSize, serverReceiveMaximum, filePersistence ? "file" : "in-memory");
    }

    private static void closeQuietly(EmbeddedHiveMQ broker) {
        try {
            broker.stop().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Stopping HiveMQ failed", e);
        }
        try {
            broker.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Closing HiveMQ failed", e);
        }
    }
}
