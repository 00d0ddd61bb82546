package io.fieldlink.simulator;

import io.fieldlink.contracts.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * MQTT mode: every sensor is its own MQTT 5 client (client id {@code fieldlink-sim-<imsi>}, user name
 * = its IMSI, the optional shared password), connected on its first reading and again after a lost
 * connection, and publishes each reading (JSON, or the 12-byte {@link BinaryReading} layout with
 * {@code --payload binary}) with QoS 1 on its topic (by default
 * {@code tenants/<tenant>/devices/<imsi>/telemetry}). A send counts as accepted once the broker
 * acknowledged it (PUBACK); the ingest edge acknowledges to the broker, not to the device.
 *
 * <p>Both encodings carry the sensor's timestamp, so a retried publish of the same reading has the
 * same message id at the edge.
 */
final class MqttSender {

    /** Longest wait for the DISCONNECT to be written when closing (Paho waits this long regardless). */
    private static final long DISCONNECT_TIMEOUT_MS = 200;

    private final SimulatorOptions options;
    private final ExecutorService executor;
    private final Map<String, MqttClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    MqttSender(SimulatorOptions options, ExecutorService executor) {
        this.options = options;
        this.executor = executor;
    }

    /** Publishes one reading; never completes exceptionally (a failure is a {@link FarmSimulator.Delivery#failure}). */
    CompletableFuture<FarmSimulator.Delivery> send(SensorReading reading, boolean retry) {
        try {
            return CompletableFuture.supplyAsync(() -> publish(reading, retry), executor);
        } catch (RuntimeException e) { // the executor was shut down by close()
            return CompletableFuture.completedFuture(FarmSimulator.Delivery.failure(e, retry));
        }
    }

    private FarmSimulator.Delivery publish(SensorReading reading, boolean retry) {
        try {
            MqttClient client = connected(reading.device());
            MqttMessage message = new MqttMessage(options.payload() == SimulatorOptions.PayloadFormat.BINARY
                    ? BinaryReading.encode(reading)
                    : reading.toJson().getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish(options.mqttTopic(reading.device()), message); // returns on the broker's PUBACK
            return new FarmSimulator.Delivery(0, null, retry);
        } catch (MqttException | RuntimeException e) {
            return FarmSimulator.Delivery.failure(e, retry);
        }
    }

    private MqttClient connected(SimulatedDevice device) throws MqttException {
        if (closed) {
            throw new IllegalStateException("the simulator is stopping");
        }
        MqttClient client = clients.computeIfAbsent(device.imsi(), imsi -> {
            try {
                MqttClient created = new MqttClient(options.mqttUrl().toString(), "fieldlink-sim-" + imsi,
                        new MemoryPersistence());
                created.setTimeToWait(FarmSimulator.REQUEST_TIMEOUT.toMillis());
                return created;
            } catch (MqttException e) {
                throw new IllegalStateException("cannot create an MQTT client for " + options.mqttUrl() + ": " + e.getMessage(), e);
            }
        });
        synchronized (client) {
            if (!client.isConnected()) {
                client.connect(connectionOptions(device));
            }
        }
        return client;
    }

    MqttConnectionOptions connectionOptions(SimulatedDevice device) {
        MqttConnectionOptions connection = new MqttConnectionOptions();
        connection.setCleanStart(true);
        if (NoDelaySocketFactory.appliesTo(options.mqttUrl().toString())) {
            connection.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        }
        connection.setAutomaticReconnect(false); // reconnected by the next reading
        connection.setConnectionTimeout((int) FarmSimulator.REQUEST_TIMEOUT.toSeconds());
        connection.setKeepAliveInterval(60);
        connection.setUserName(device.imsi());
        if (options.mqttPassword() != null) {
            connection.setPassword(options.mqttPassword().getBytes(StandardCharsets.UTF_8));
        }
        return connection;
    }

    /** Disconnects every sensor, all at once (each disconnect waits {@value #DISCONNECT_TIMEOUT_MS} ms in Paho). */
    void close() {
        closed = true;
        List<Thread> closing = new ArrayList<>();
        for (MqttClient client : clients.values()) {
            closing.add(Thread.ofVirtual().name("mqtt-sim-close").start(() -> {
                try {
                    if (client.isConnected()) {
                        client.disconnectForcibly(0, DISCONNECT_TIMEOUT_MS, true);
                    }
                } catch (MqttException | RuntimeException e) {
                    // closing anyway
                }
                try {
                    client.close(true);
                } catch (MqttException | RuntimeException e) {
                    // nothing more to release
                }
            }));
        }
        for (Thread thread : closing) {
            try {
                thread.join(DISCONNECT_TIMEOUT_MS * 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        clients.clear();
    }
}
