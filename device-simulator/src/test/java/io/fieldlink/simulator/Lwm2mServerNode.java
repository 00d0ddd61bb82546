package io.fieldlink.simulator;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare Leshan server on loopback (free UDP ports, plain CoAP and DTLS PSK) for the simulator's LwM2M ITs; the real
 * server is command-service's. Knows the profile's models and records every notification.
 */
final class Lwm2mServerNode implements AutoCloseable {

    record Notification(String endpoint, String path, ObserveResponse response) {
    }

    private final LeshanServer server;
    private final InMemorySecurityStore security = new InMemorySecurityStore();
    final List<Notification> notifications = new CopyOnWriteArrayList<>();

    Lwm2mServerNode() {
        var endpoints = new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider(),
                new CoapsServerProtocolProvider())
                .addEndpoint(new InetSocketAddress("127.0.0.1", 0), Protocol.COAP)
                .addEndpoint(new InetSocketAddress("127.0.0.1", 0), Protocol.COAPS)
                .build();
        server = new LeshanServerBuilder()
                .setObjectModelProvider(new VersionedModelProvider(Lwm2mModels.all()))
                .setSecurityStore(security)
                .setEndpointsProviders(endpoints)
                .build();
        server.getObservationService().addListener(new ObservationListener() {
            @Override
            public void newObservation(Observation observation, Registration registration) {
            }

            @Override
            public void cancelled(Observation observation) {
            }

            @Override
            public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                notifications.add(new Notification(registration.getEndpoint(), observation.getPath().toString(), response));
            }

            @Override
            public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
            }

            @Override
            public void onError(Observation observation, Registration registration, Exception error) {
            }
        });
        server.start();
    }

    LeshanServer server() {
        return server;
    }

    URI coap() {
        return server.getEndpoint(Protocol.COAP).getURI();
    }

    URI coaps() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    void addPsk(String endpoint, byte[] key) throws Exception {
        security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, endpoint, key));
    }

    Registration registration(String endpoint) {
        return server.getRegistrationService().getByEndpoint(endpoint);
    }

    @Override
    public void close() {
        server.destroy();
    }
}
