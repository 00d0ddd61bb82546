package io.fieldlink.command.lwm2m;

import io.fieldlink.contracts.DeviceObservationReported;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.TimestampedLwM2mNode;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Observe notifications: the firmware update State and Update Result go to {@link FirmwareUpdates}; every other value
 * becomes a {@link DeviceObservationReported} (ingest-service makes it telemetry). A value's measurement name is the
 * configured one for its path ({@code observe}), else {@code lwm2m.<object>.<instance>.<resource>}; numbers and
 * booleans (1/0) are measurements, other values attributes.
 */
final class ObservationRelay implements ObservationListener {

    private static final Logger log = LoggerFactory.getLogger(ObservationRelay.class);

    private final FirmwareUpdates firmware;
    private final Map<String, String> names;
    private final Consumer<DeviceObservationReported> publisher;
    private final Clock clock;

    ObservationRelay(FirmwareUpdates firmware, Map<String, String> names, Consumer<DeviceObservationReported> publisher,
                     Clock clock) {
        this.firmware = firmware;
        this.names = names;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        if (!response.isSuccess() || response.getContent() == null) {
            return;
        }
        String endpoint = registration.getEndpoint();
        String path = observation.getPath().toString();
        if (path.equals(Lwm2mCommands.STATE) || path.equals(Lwm2mCommands.UPDATE_RESULT)) {
            Map<String, String> values = Lwm2mRequests.values(observation.getPath(), response.getContent());
            String value = values.get(path);
            if (value != null) {
                long number = Long.parseLong(value);
                if (path.equals(Lwm2mCommands.STATE)) {
                    firmware.state(endpoint, number);
                } else {
                    firmware.result(endpoint, number);
                }
            }
            return;
        }
        Instant received = clock.instant();
        TimestampedLwM2mNode timestamped = response.getTimestampedLwM2mNode();
        Instant taken = timestamped != null && timestamped.getTimestamp() != null ? timestamped.getTimestamp() : received;
        relay(registration, observation.getPath(), response.getContent(), taken, received);
    }

    void relay(Registration registration, LwM2mPath path, LwM2mNode content, Instant taken, Instant received) {
        Map<String, Double> measurements = new HashMap<>();
        Map<String, String> attributes = new HashMap<>();
        Lwm2mRequests.values(path, content).forEach((valuePath, value) -> {
            String name = names.getOrDefault(valuePath, "lwm2m" + valuePath.replace('/', '.'));
            switch (value) {
                case "true" -> measurements.put(name, 1.0);
                case "false" -> measurements.put(name, 0.0);
                default -> {
                    try {
                        measurements.put(name, Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        attributes.put(name, value);
                    }
                }
            }
        });
        String tenant = DeviceAuthorizer.tenantOf(registration);
        if (tenant == null) {
            return;
        }
        publisher.accept(new DeviceObservationReported(tenant, registration.getEndpoint(), UUID.randomUUID().toString(),
                taken, received, measurements, attributes));
    }

    @Override
    public void onResponse(CompositeObservation observation, Registration registration,
                           ObserveCompositeResponse response) {
        // composite observations are not started by this server
    }

    @Override
    public void newObservation(Observation observation, Registration registration) {
    }

    @Override
    public void cancelled(Observation observation) {
    }

    @Override
    public void onError(Observation observation, Registration registration, Exception error) {
        log.debug("Observation {} of device {} failed: {}", observation, registration.getEndpoint(), error.toString());
    }
}
