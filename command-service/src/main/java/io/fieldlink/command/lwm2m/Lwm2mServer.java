package io.fieldlink.command.lwm2m;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.Lwm2mObjectModels;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.ErrorCallback;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ResponseCallback;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.endpoint.LwM2mServerEndpoint;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.SecurityStore;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Eclipse Leshan server: plain CoAP and DTLS (PSK) endpoints over UDP, the core LwM2M objects plus the IPSO
 * objects Fieldlink devices use ({@link Lwm2mObjectModels}). Registrations live
 * in memory: after a restart devices are known again at their next registration update, which the server answers
 * 4.04 so that they register anew.
 */
final class Lwm2mServer {

    private final LeshanServer leshan;

    Lwm2mServer(CommandProperties.Lwm2m settings, SecurityStore securityStore, Authorizer authorizer) {
        CaliforniumServerEndpointsProvider.Builder endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider());
        endpoints.addEndpoint(new InetSocketAddress(settings.bindAddress(), settings.coapPort()), Protocol.COAP);
        if (settings.coapsPort() >= 0) {
            endpoints.addEndpoint(new InetSocketAddress(settings.bindAddress(), settings.coapsPort()), Protocol.COAPS);
        }
        leshan = new LeshanServerBuilder()
                .setEndpointsProviders(endpoints.build())
                .setSecurityStore(securityStore)
                .setAuthorizer(authorizer)
                .setObjectModelProvider(new VersionedModelProvider(models()))
                .build();
    }

    static List<ObjectModel> models() {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadAllDefault());
        try {
            models.addAll(ObjectLoader.loadDdfResources(Lwm2mObjectModels.DDF_PATH, Lwm2mObjectModels.ddfFiles()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the LwM2M object models " + Lwm2mObjectModels.DDF_PATH, e);
        }
        return models;
    }

    void listen(RegistrationListener registrations, ObservationListener observations) {
        leshan.getRegistrationService().addListener(registrations);
        leshan.getObservationService().addListener(observations);
    }

    void start() {
        leshan.start();
    }

    void stop() {
        leshan.destroy();
    }

    /** The device's registration now, or null. */
    Registration registration(String endpoint) {
        return leshan.getRegistrationService().getByEndpoint(endpoint);
    }

    LwM2mModel modelOf(Registration registration) {
        return leshan.getModelProvider().getObjectModel(registration);
    }

    <T extends LwM2mResponse> void send(Registration registration, DownlinkRequest<T> request, long timeoutMs,
                                        ResponseCallback<T> onResponse, ErrorCallback onError) {
        leshan.send(registration, request, timeoutMs, onResponse, onError);
    }

    /** The URI an endpoint listens on (its port when 0 was configured), if that endpoint runs. */
    Optional<URI> uri(Protocol protocol) {
        LwM2mServerEndpoint endpoint = leshan.getEndpoint(protocol);
        return endpoint == null ? Optional.empty() : Optional.of(endpoint.getURI());
    }
}
