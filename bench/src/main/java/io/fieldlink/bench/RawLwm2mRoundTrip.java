package io.fieldlink.bench;

import io.fieldlink.contracts.Lwm2mObjectModels;
import io.fieldlink.simulator.ActuatorFleet;
import io.fieldlink.simulator.Lwm2mOptions;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The LwM2M floor of a command round trip, without command-service: a bare Leshan server in the benchmark JVM (same
 * Leshan version and security as command-service's) and the simulator's clients; latency = the server's write of
 * the sprinkler resource (3306/0/5850, what a {@code sprinkler} command becomes) -> the device's answer.
 */
final class RawLwm2mRoundTrip implements AutoCloseable {

    private static final int ON_OFF = 5850;

    private final LeshanServer server;
    private final InMemorySecurityStore security = new InMemorySecurityStore();

    RawLwm2mRoundTrip() throws Exception {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        models.addAll(ObjectLoader.loadDdfResources(Lwm2mObjectModels.DDF_PATH, Lwm2mObjectModels.ddfFiles()));
        var endpoints = new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider(),
                new CoapsServerProtocolProvider())
                .addEndpoint(new InetSocketAddress("127.0.0.1", 0), Protocol.COAP)
                .addEndpoint(new InetSocketAddress("127.0.0.1", 0), Protocol.COAPS)
                .build();
        server = new LeshanServerBuilder()
                .setObjectModelProvider(new VersionedModelProvider(models))
                .setSecurityStore(security)
                .setEndpointsProviders(endpoints)
                .build();
        server.start();
    }

    /** Client options for this server: DTLS with the keys derived from {@code pskMasterHex}, or plain CoAP. */
    Lwm2mOptions clientOptions(String pskMasterHex, List<String> endpoints) throws Exception {
        if (pskMasterHex == null) {
            return Lwm2mOptions.of(server.getEndpoint(Protocol.COAP).getURI());
        }
        Lwm2mOptions options = Lwm2mOptions.of(server.getEndpoint(Protocol.COAPS).getURI()).withPskMaster(pskMasterHex);
        for (String endpoint : endpoints) {
            security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, endpoint, options.pskFor(endpoint)));
        }
        return options;
    }

    boolean registered(String endpoint) {
        return server.getRegistrationService().getByEndpoint(endpoint) != null;
    }

    Latencies run(ActuatorFleet fleet, int rate, Duration warmup, Duration duration, AtomicLong errors) {
        Latencies latencies = new Latencies();
        List<String> ids = fleet.deviceIds();
        PacedRun.run(rate, warmup, duration, (k, measured) -> {
            String endpoint = ids.get((int) (k % ids.size()));
            Registration registration = server.getRegistrationService().getByEndpoint(endpoint);
            boolean on = (k / ids.size()) % 2 == 0;
            CompletableFuture<Boolean> answered = new CompletableFuture<>();
            long t0 = System.nanoTime();
            if (registration == null) {
                answered.complete(false);
            } else {
                server.send(registration, new WriteRequest(Lwm2mObjectModels.ACTUATION, 0, ON_OFF, on), 10_000,
                        response -> answered.complete(response.isSuccess()),
                        error -> answered.complete(false));
            }
            boolean ok = answered.get(15, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - t0;
            if (!measured) {
                return;
            }
            if (ok) {
                latencies.add(nanos);
            } else {
                errors.incrementAndGet();
            }
        }, starting -> { });
        return latencies;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
