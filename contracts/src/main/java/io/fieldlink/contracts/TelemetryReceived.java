package io.fieldlink.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One reading accepted at the ingest edge, published on {@link Topics#TELEMETRY} keyed by {@code deviceId}.
 *
 * @param tenantId       SORACOM operator id that owns the device (e.g. {@code OP0000000001})
 * @param deviceId       stable device id: IMSI, else SIM id, else IMEI, else the protocol's own id
 * @param messageId      deterministic id of the reading; a retried delivery carries the same id
 * @param eventTime      when the reading was taken (device timestamp), else {@code receivedTime}
 * @param receivedTime   when the ingest edge accepted it
 * @param sourceProtocol how it reached the edge
 * @param identity       identity the network vouched for (Beam headers, Funnel envelope)
 * @param measurements   numeric values by name; nested objects are flattened with dots
 * @param attributes     every other scalar value as a string, by name
 */
public record TelemetryReceived(
        String tenantId,
        String deviceId,
        String messageId,
        Instant eventTime,
        Instant receivedTime,
        SourceProtocol sourceProtocol,
        DeviceIdentity identity,
        Map<String, Double> measurements,
        Map<String, String> attributes) {

    public TelemetryReceived {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(receivedTime, "receivedTime");
        Objects.requireNonNull(sourceProtocol, "sourceProtocol");
        identity = identity == null ? DeviceIdentity.NONE : identity;
        // sorted, immutable copies: stable JSON and no aliasing with the producer's maps
        measurements = measurements == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(measurements));
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
