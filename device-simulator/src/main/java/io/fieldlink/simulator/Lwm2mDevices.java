package io.fieldlink.simulator;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.StaticModel;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The farm's LwM2M clients (docs/commands.md, "Simulated LwM2M devices"): one Leshan client per device with objects
 * 0, 1, 3 ({@link DeviceEnabler}), 3303 ({@link TemperatureEnabler}), 3306 ({@link ActuationEnabler}) and 5
 * ({@link FirmwareUpdateEnabler}).
 *
 * <p>Light enough for 1,000 clients in one JVM: every client gets the same Californium protocol-stage executors and
 * the same Leshan scheduler (the defaults are a pool per client), one Configuration with a single receiver and sender
 * thread per socket and small peer/connection stores. What remains per client is its UDP socket with its receiver
 * and sender threads (plus the DTLS connector's, with coaps).
 */
final class Lwm2mDevices implements AutoCloseable {

    private static final System.Logger log = System.getLogger(Lwm2mDevices.class.getName());
    private static final int SERVER_ID = 1;
    /** The profile's objects have exactly one instance each: a server cannot create more. */
    private static final BaseInstanceEnablerFactory SINGLE_INSTANCE = new BaseInstanceEnablerFactory() {
        @Override
        public LwM2mInstanceEnabler create() {
            throw new UnsupportedOperationException("single-instance object");
        }
    };

    /** One device's client and the objects the farm updates. */
    record Device(String endpoint, LeshanClient client, TemperatureEnabler temperature, ActuationEnabler actuation,
                  FirmwareUpdateEnabler firmware) {
    }

    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final ScheduledExecutorService protocol;
    private final ScheduledExecutorService secondary;
    private final ScheduledExecutorService leshan;

    Lwm2mDevices(Lwm2mOptions options, List<SimulatedDevice> fleet, Function<String, SprinklerActuator> sprinklers,
                 PackageDownloader downloader, Executor downloads, Clock clock) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.protocol = Executors.newScheduledThreadPool(threads, Thread.ofPlatform().name("lwm2m-coap-", 0).daemon(true).factory());
        this.secondary = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("lwm2m-coap-timer").daemon(true).factory());
        this.leshan = Executors.newScheduledThreadPool(threads, Thread.ofPlatform().name("lwm2m-client-", 0).daemon(true).factory());
        Configuration configuration = configuration();
        var model = new StaticModel(Lwm2mModels.all());
        for (SimulatedDevice simulated : fleet) {
            String endpoint = simulated.imsi();
            SprinklerActuator sprinkler = sprinklers.apply(endpoint);
            var objects = new ObjectsInitializer(model);
            for (int id : new int[]{LwM2mId.DEVICE, LwM2mId.FIRMWARE, Lwm2mModels.TEMPERATURE, Lwm2mModels.ACTUATION}) {
                objects.setFactoryForObject(id, SINGLE_INSTANCE);
            }
            String uri = options.server().toString();
            objects.setInstancesForObject(LwM2mId.SECURITY, options.secure()
                    ? Security.psk(uri, SERVER_ID, endpoint.getBytes(StandardCharsets.UTF_8), options.pskFor(endpoint))
                    : Security.noSec(uri, SERVER_ID));
            objects.setInstancesForObject(LwM2mId.SERVER, new Server(SERVER_ID, options.lifetime().toSeconds()));
            var holder = new LeshanClient[1];
            objects.setInstancesForObject(LwM2mId.DEVICE, new DeviceEnabler(endpoint, sprinkler, clock,
                    () -> reboot(holder[0])));
            var temperature = new TemperatureEnabler(0);
            objects.setInstancesForObject(Lwm2mModels.TEMPERATURE, temperature);
            var actuation = new ActuationEnabler(sprinkler, clock);
            objects.setInstancesForObject(Lwm2mModels.ACTUATION, actuation);
            var firmware = new FirmwareUpdateEnabler(sprinkler, downloader, downloads);
            objects.setInstancesForObject(LwM2mId.FIRMWARE, firmware);

            var endpoints = new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(),
                    new CoapsClientProtocolProvider()).setConfiguration(configuration).build();
            LeshanClient client = new LeshanClientBuilder(endpoint)
                    .setObjects(objects.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, LwM2mId.FIRMWARE,
                            Lwm2mModels.TEMPERATURE, Lwm2mModels.ACTUATION))
                    .setEndpointsProviders(endpoints)
                    .setSharedExecutor(leshan)
                    .build();
            // the CoapServer exists once the client is built; detached: closing a client leaves the shared pools
            endpoints.getCoapServer().setExecutors(protocol, secondary, true);
            holder[0] = client;
            devices.put(endpoint, new Device(endpoint, client, temperature, actuation, firmware));
        }
    }

    static Configuration configuration() {
        Configuration configuration = new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(),
                new CoapsClientProtocolProvider()).createDefaultConfiguration();
        configuration.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        configuration.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4);
        configuration.set(CoapConfig.MAX_ACTIVE_PEERS, 4);
        configuration.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        return configuration;
    }

    /** Starts every client (each registers in the background). */
    void start() {
        devices.values().forEach(device -> device.client().start());
    }

    Device device(String endpoint) {
        return devices.get(endpoint);
    }

    int size() {
        return devices.size();
    }

    /** A new field temperature of {@code endpoint}: 3303/0/5700, notified to observers when it changed. */
    void temperature(String endpoint, double celsius) {
        Device device = devices.get(endpoint);
        if (device != null) {
            device.temperature().update(celsius);
        }
    }

    /** The device's sprinkler switched (by LwM2M or MQTT): observers of 3306/0/5850 are notified. */
    void sprinklerSwitched(String endpoint) {
        Device device = devices.get(endpoint);
        if (device != null) {
            device.actuation().switched();
        }
    }

    /** A real device deregisters and registers again after a reboot; the execute is answered first. */
    private void reboot(LeshanClient client) {
        leshan.schedule(() -> {
            try {
                client.stop(true);
                client.start();
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "reboot of an LwM2M client failed: " + e);
            }
        }, 100, TimeUnit.MILLISECONDS);
    }

    /** Deregisters (briefly) and destroys every client, then the shared pools. */
    @Override
    public void close() {
        List<Thread> closing = devices.values().stream()
                .map(device -> Thread.ofVirtual().name("lwm2m-close").start(() -> {
                    try {
                        device.client().destroy(true);
                    } catch (RuntimeException e) {
                        // closing anyway
                    }
                }))
                .toList();
        for (Thread thread : closing) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        leshan.shutdownNow();
        protocol.shutdownNow();
        secondary.shutdownNow();
    }
}
