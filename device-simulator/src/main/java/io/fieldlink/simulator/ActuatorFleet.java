package io.fieldlink.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated sprinklers without the farm around them, for load generators (the command benchmark in {@code bench/}):
 * one {@link SprinklerActuator} per device id, reachable either over MQTT ({@link MqttSprinklers}) or as Leshan
 * clients ({@link Lwm2mDevices}). The one public entry point to those package-private classes, so the benchmark
 * drives exactly the device code the simulator runs, not a copy of it.
 */
public final class ActuatorFleet implements AutoCloseable {

    private final List<String> deviceIds;
    private final MqttSprinklers mqtt;
    private final Lwm2mDevices lwm2m;
    private final ExecutorService downloads;
    private final AtomicLong switches = new AtomicLong();

    private ActuatorFleet(List<String> deviceIds, URI brokerUrl, Lwm2mOptions lwm2mOptions) {
        this.deviceIds = List.copyOf(deviceIds);
        if (new java.util.HashSet<>(this.deviceIds).size() != this.deviceIds.size()) {
            throw new IllegalArgumentException("device ids must be unique");
        }
        this.downloads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fleet-download-", 0).factory());
        Map<String, SprinklerActuator> actuators = new LinkedHashMap<>();
        PackageDownloader downloader = new PackageDownloader(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(FarmSimulator.REQUEST_TIMEOUT).executor(downloads)
                .followRedirects(HttpClient.Redirect.NORMAL).build(),
                lwm2mOptions == null ? PackageDownloader.DEFAULT_MAX_BYTES : lwm2mOptions.maxPackageBytes());
        for (String id : this.deviceIds) {
            actuators.put(id, new SprinklerActuator(id, Clock.systemUTC(), switched -> {
                switches.incrementAndGet();
                notifyLwm2m(switched.deviceId()); // observers of 3306/0/5850 hear of it
            }, downloader, downloads));
        }
        if (brokerUrl != null) {
            this.mqtt = new MqttSprinklers(brokerUrl, null, List.copyOf(actuators.values()));
            this.lwm2m = null;
        } else {
            List<SimulatedDevice> fleet = new ArrayList<>();
            for (int i = 0; i < this.deviceIds.size(); i++) {
                // the LwM2M clients use only the endpoint name (= the IMSI field); the IMEI is not sent
                fleet.add(new SimulatedDevice(i + 1, this.deviceIds.get(i), ""));
            }
            this.mqtt = null;
            this.lwm2m = new Lwm2mDevices(lwm2mOptions, fleet, actuators::get, downloader, downloads, Clock.systemUTC());
        }
    }

    /** MQTT 5 sprinklers on {@code brokerUrl} (docs/commands.md, "Simulated sprinklers"); call {@link #start()}. */
    public static ActuatorFleet mqtt(URI brokerUrl, List<String> deviceIds) {
        return new ActuatorFleet(deviceIds, Objects.requireNonNull(brokerUrl, "brokerUrl"), null);
    }

    /** Leshan clients, endpoint name = device id (docs/commands.md, "Simulated LwM2M devices"); call {@link #start()}. */
    public static ActuatorFleet lwm2m(Lwm2mOptions options, List<String> deviceIds) {
        return new ActuatorFleet(deviceIds, null, Objects.requireNonNull(options, "options"));
    }

    /** Starts connecting (MQTT) or registering (LwM2M) every device in the background; returns at once. */
    public ActuatorFleet start() {
        if (mqtt != null) {
            mqtt.start();
        } else {
            lwm2m.start();
        }
        return this;
    }

    public List<String> deviceIds() {
        return deviceIds;
    }

    /**
     * Devices ready for commands: MQTT connected, subscribed and {@code online} published; LwM2M registered with
     * the server.
     */
    public int ready() {
        int ready = 0;
        for (String id : deviceIds) {
            boolean isReady = mqtt != null ? mqtt.client(id).isOnline()
                    : !lwm2m.device(id).client().getRegisteredServers().isEmpty();
            if (isReady) {
                ready++;
            }
        }
        return ready;
    }

    /** Sprinkler switches the devices made (executed sprinkler commands, over either transport). */
    public long switches() {
        return switches.get();
    }

    @Override
    public void close() {
        try {
            if (mqtt != null) {
                mqtt.close();
            } else {
                lwm2m.close();
            }
        } finally {
            downloads.shutdownNow();
        }
    }

    /** Called by the sprinklers' listener, which exists before the LwM2M clients do. */
    private void notifyLwm2m(String deviceId) {
        if (lwm2m != null) {
            lwm2m.sprinklerSwitched(deviceId);
        }
    }
}
