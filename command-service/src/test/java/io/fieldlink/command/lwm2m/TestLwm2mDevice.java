package io.fieldlink.command.lwm2m;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

/**
 * A minimal real LwM2M device for the integration tests (Leshan client over loopback): a sprinkler on IPSO 3306
 * (5850 on/off) and a temperature on IPSO 3303 (5700) that notifies observers when {@link #temperature} changes. The
 * full simulated device, with firmware update, is the device simulator's.
 */
final class TestLwm2mDevice implements AutoCloseable {

    final String endpoint;
    final Sprinkler sprinkler = new Sprinkler();
    final Temperature temperature = new Temperature();
    private final LeshanClient client;

    /** @param psk null for plain CoAP */
    TestLwm2mDevice(String endpoint, URI server, byte[] psk) {
        this.endpoint = endpoint;
        ObjectsInitializer objects = new ObjectsInitializer(new StaticModel(Lwm2mServer.models()));
        objects.setInstancesForObject(0, psk == null ? Security.noSec(server.toString(), 1)
                : Security.psk(server.toString(), 1, endpoint.getBytes(StandardCharsets.UTF_8), psk));
        objects.setInstancesForObject(1, new Server(1, 30, EnumSet.of(BindingMode.U), false, BindingMode.U));
        objects.setInstancesForObject(3, new Device("Fieldlink", "test-node", endpoint));
        objects.setInstancesForObject(3306, sprinkler);
        objects.setInstancesForObject(3303, temperature);
        client = new LeshanClientBuilder(endpoint)
                .setObjects(objects.createAll())
                .setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(
                        new CoapClientProtocolProvider(), new CoapsClientProtocolProvider()).build())
                .build();
        client.addObserver(new org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationFailure(LwM2mServer server, org.eclipse.leshan.core.request.RegisterRequest request,
                                              org.eclipse.leshan.core.ResponseCode code, String message,
                                              Exception cause) {
                refusals.add(String.valueOf(code));
            }
        });
    }

    void start() {
        client.start();
    }

    /** The response codes of refused registrations, e.g. FORBIDDEN. */
    final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** De-registers and stops. */
    void stop() {
        client.stop(true);
    }

    boolean registered() {
        return !client.getRegisteredServers().isEmpty();
    }

    @Override
    public void close() {
        client.destroy(true);
    }

    public static final class Sprinkler extends BaseInstanceEnabler {

        final List<Boolean> switched = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean on;

        public Sprinkler() {
            super(0);
        }

        boolean on() {
            return on;
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            return switch (resourceId) {
                case 5850 -> ReadResponse.success(resourceId, on);
                case 5750 -> ReadResponse.success(resourceId, "sprinkler");
                default -> super.read(server, resourceId);
            };
        }

        @Override
        public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            if (resourceId != 5850) {
                return super.write(server, replace, resourceId, value);
            }
            on = (Boolean) value.getValue();
            switched.add(on);
            fireResourceChange(5850);
            return WriteResponse.success();
        }

        @Override
        public List<Integer> getAvailableResourceIds(org.eclipse.leshan.core.model.ObjectModel model) {
            return List.of(5850, 5750);
        }
    }

    public static final class Temperature extends BaseInstanceEnabler {

        private volatile double value = 21.5;

        public Temperature() {
            super(0);
        }

        void set(double celsius) {
            value = celsius;
            fireResourceChange(5700);
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            return switch (resourceId) {
                case 5700 -> ReadResponse.success(resourceId, value);
                case 5701 -> ReadResponse.success(resourceId, "Cel");
                default -> super.read(server, resourceId);
            };
        }

        @Override
        public List<Integer> getAvailableResourceIds(org.eclipse.leshan.core.model.ObjectModel model) {
            return List.of(5700, 5701);
        }
    }
}
