package io.fieldlink.simulator;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The farm's sprinklers: one {@link SprinklerActuator} and one {@link MqttCommandClient} per simulated device,
 * all on the same broker. Connections are opened in the background by {@link #start()}, so a broker that is not
 * up yet delays the sprinklers, never the readings.
 */
final class MqttSprinklers implements AutoCloseable {

    private final Map<String, MqttCommandClient> clients = new LinkedHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .name("sprinkler-connect").daemon(true).factory());

    MqttSprinklers(URI brokerUrl, String password, List<SimulatedDevice> devices, Clock clock,
                   Consumer<SprinklerSwitched> listener) {
        this(brokerUrl, password, devices.stream().map(device -> new SprinklerActuator(device.imsi(), clock, listener)).toList());
    }

    /** MQTT clients for sprinklers the caller made (shared with the LwM2M clients). */
    MqttSprinklers(URI brokerUrl, String password, List<SprinklerActuator> sprinklers) {
        for (SprinklerActuator sprinkler : sprinklers) {
            clients.put(sprinkler.deviceId(), new MqttCommandClient(brokerUrl, password, sprinkler, retries));
        }
    }

    void start() {
        clients.values().forEach(MqttCommandClient::start);
    }

    /** The sprinkler of a device, or null when it has none. */
    SprinklerActuator sprinkler(String deviceId) {
        MqttCommandClient client = clients.get(deviceId);
        return client == null ? null : client.sprinkler();
    }

    boolean isOn(String deviceId) {
        SprinklerActuator sprinkler = sprinkler(deviceId);
        return sprinkler != null && sprinkler.state();
    }

    MqttCommandClient client(String deviceId) {
        return clients.get(deviceId);
    }

    /** Closes every client at once: each waits for its offline publish and its disconnect. */
    @Override
    public void close() {
        retries.shutdownNow();
        List<Thread> closing = new ArrayList<>();
        for (MqttCommandClient client : clients.values()) {
            closing.add(Thread.ofVirtual().name("sprinkler-close").start(client::close));
        }
        for (Thread thread : closing) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
