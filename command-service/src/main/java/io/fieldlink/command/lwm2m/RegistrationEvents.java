package io.fieldlink.command.lwm2m;

import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.registry.DeviceRegistry;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a registration means: the device is in the registry (registered on its first contact, last seen moved
 * forward), it is online for the book (held commands go now; a registration update counts too, as for a queue-mode
 * device waking up), and what it offers is observed: the configured telemetry paths and the firmware update State and
 * Update Result. A de-registration or an expired registration takes the device offline.
 */
final class RegistrationEvents implements RegistrationListener {

    private static final Logger log = LoggerFactory.getLogger(RegistrationEvents.class);

    private final Lwm2mServer server;
    private final Lwm2mDelivery delivery;
    private final CommandBook book;
    private final DeviceRegistry registry;
    private final Collection<String> observedPaths;
    private final long timeoutMs;
    private final Lwm2mMetrics metrics;
    private final Clock clock;

    RegistrationEvents(Lwm2mServer server, Lwm2mDelivery delivery, CommandBook book, DeviceRegistry registry,
                       Collection<String> telemetryPaths, long timeoutMs, Lwm2mMetrics metrics, Clock clock) {
        this.server = server;
        this.delivery = delivery;
        this.book = book;
        this.registry = registry;
        List<String> paths = new ArrayList<>(telemetryPaths);
        paths.add(Lwm2mCommands.STATE);
        paths.add(Lwm2mCommands.UPDATE_RESULT);
        this.observedPaths = List.copyOf(paths);
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void registered(Registration registration, Registration previous, Collection<Observation> previousObservations) {
        metrics.registered();
        log.info("LwM2M device {} registered ({})", registration.getEndpoint(), registration.getClientTransportData());
        delivery.later(() -> {
            contact(registration);
            book.deviceOnline(registration.getEndpoint());
        });
        observe(registration);
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
        delivery.later(() -> {
            contact(updated);
            book.deviceOnline(updated.getEndpoint());
        });
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
                             Registration newRegistration) {
        if (newRegistration != null) {
            return; // replaced by a new registration of the same endpoint: still online
        }
        log.info("LwM2M device {} {}", registration.getEndpoint(), expired ? "registration expired" : "de-registered");
        delivery.later(() -> book.deviceOffline(registration.getEndpoint()));
    }

    private void contact(Registration registration) {
        String tenant = DeviceAuthorizer.tenantOf(registration);
        try {
            registry.seen(tenant, registration.getEndpoint(), DeviceIdentity.NONE, SourceProtocol.LWM2M, clock.instant());
        } catch (RuntimeException e) {
            // the next registration update tries again
            log.warn("Could not record the contact of LwM2M device {}: {}", registration.getEndpoint(), e.toString());
        }
    }

    private void observe(Registration registration) {
        for (String path : observedPaths) {
            LwM2mPath lwm2mPath = new LwM2mPath(path);
            if (!registration.getAvailableInstances().contains(
                    new LwM2mPath(lwm2mPath.getObjectId(), lwm2mPath.getObjectInstanceId()))) {
                continue;
            }
            server.send(registration, new ObserveRequest(path), timeoutMs,
                    response -> {
                        if (!response.isSuccess()) {
                            log.debug("Device {} refused to be observed on {}: {}", registration.getEndpoint(), path,
                                    response.getCode());
                        }
                    },
                    error -> log.debug("Observe {} of device {} failed: {}", path, registration.getEndpoint(),
                            error.toString()));
        }
    }
}
