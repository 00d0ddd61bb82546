package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;

/** What every entry point does with an authenticated reading: normalise, identify, publish. */
public final class TelemetryIngest {

    private final TelemetryNormalizer normalizer;
    private final TelemetryPublisher publisher;
    private final Clock clock;

    public TelemetryIngest(TelemetryNormalizer normalizer, TelemetryPublisher publisher, Clock clock) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * @param tenantId        operator id the credential vouched for
     * @param deviceId        the device's stable id (key of the Kafka record)
     * @param identity        identity the network reported
     * @param protocol        entry point
     * @param payload         the device's JSON object
     * @param sourceTimestamp the network's timestamp (Beam, Funnel): part of the message id, and
     *                        the event time when the payload has no timestamp of its own; null when
     *                        the transport stamps no time (MQTT): then the device's own timestamp
     *                        (epoch 0 without one) goes into the message id, and the event time
     *                        without a device timestamp is the received time
     * @param payloadSha256   hex SHA-256 of the payload as received
     * @param correlationId   id for the Kafka header
     */
    public record Reading(String tenantId, String deviceId, DeviceIdentity identity, SourceProtocol protocol,
                          JsonNode payload, Instant sourceTimestamp, String payloadSha256, String correlationId) {
    }

    /** Publishes the reading and returns its message id once Kafka acknowledged it. */
    public TelemetryReceived ingest(Reading reading) {
        TelemetryNormalizer.Normalized normalized = normalizer.normalize(reading.payload());
        Instant received = clock.instant();
        Instant stamped = reading.sourceTimestamp();
        long idMillis = stamped != null ? stamped.toEpochMilli() : normalized.deviceTime().map(Instant::toEpochMilli).orElse(0L);
        String messageId = MessageIds.of(reading.deviceId(), idMillis, reading.payloadSha256());
        TelemetryReceived event = new TelemetryReceived(reading.tenantId(), reading.deviceId(), messageId,
                normalized.deviceTime().orElse(stamped != null ? stamped : received), received, reading.protocol(),
                reading.identity(), normalized.measurements(), normalized.attributes());
        publisher.publish(event, reading.correlationId());
        return event;
    }
}
