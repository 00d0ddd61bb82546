package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Values an LwM2M device reported in an observe notification, published by command-service on
 * {@link Topics#DEVICE_OBSERVATIONS} keyed by {@code deviceId}; ingest-service publishes it as a
 * {@link TelemetryReceived} with {@link SourceProtocol#LWM2M}.
 *
 * @param tenantId      operator id owning the device (from the LwM2M server's configuration or the registry)
 * @param deviceId      the LwM2M endpoint name
 * @param observationId unique id of this notification; the reading's message id derives from it, so a
 *                      re-delivered record is the same reading
 * @param eventTime     when the device took the values (the notification's timestamp, else {@code receivedTime})
 * @param receivedTime  when the LwM2M server received the notification
 * @param measurements  numeric values by measurement name (mapped from LwM2M paths, e.g. {@code /3303/0/5700} ->
 *                      {@code temperature})
 * @param attributes    other values as strings, by name (e.g. {@code lwm2m.path} of an unmapped value)
 */
public record DeviceObservationReported(
        String tenantId,
        String deviceId,
        String observationId,
        Instant eventTime,
        Instant receivedTime,
        Map<String, Double> measurements,
        Map<String, String> attributes) {

    public DeviceObservationReported {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(observationId, "observationId");
        Objects.requireNonNull(receivedTime, "receivedTime");
        eventTime = eventTime == null ? receivedTime : eventTime;
        measurements = measurements == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(measurements));
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
