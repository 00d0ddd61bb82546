package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.support.problem.ApiProblemException;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every entry point does with an authenticated reading: normalise, identify, admit (per-device
 * rate limit and in-flight limit, {@link IngestGate}), publish. Entry points map the
 * {@link ApiProblemException}s thrown here (429 {@code rate-limited}, 503 {@code overloaded},
 * 503 {@code ingest-unavailable}) to their protocol: HTTP answers them as problem+json.
 */
public final class TelemetryIngest {

    private final TelemetryNormalizer normalizer;
    private final TelemetryPublisher publisher;
    private final Clock clock;
    private final IngestGate gate;

    /** Without limits ({@link IngestGate#unlimited()}): for entry points' unit tests. */
    public TelemetryIngest(TelemetryNormalizer normalizer, TelemetryPublisher publisher, Clock clock) {
        this(normalizer, publisher, clock, IngestGate.unlimited());
    }

    public TelemetryIngest(TelemetryNormalizer normalizer, TelemetryPublisher publisher, Clock clock, IngestGate gate) {
        this.normalizer = normalizer;
        this.publisher = publisher;
        this.clock = clock;
        this.gate = Objects.requireNonNull(gate, "gate");
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

    /**
     * Several readings of one device sent in one request (a gateway behind Beam).
     *
     * @param sourceTimestamp the network's timestamp of the request: part of every item's message id
     * @param items           the items that are JSON objects, each with its index in the batch
     */
    public record Batch(String tenantId, String deviceId, DeviceIdentity identity, SourceProtocol protocol,
                        Instant sourceTimestamp, String correlationId, List<BatchItem> items) {

        public Batch {
            items = List.copyOf(items);
        }
    }

    /**
     * @param index         0-based position of the item in the batch as sent (part of its message id)
     * @param payload       the item, a JSON object
     * @param payloadSha256 hex SHA-256 of the item's bytes as sent
     */
    public record BatchItem(int index, JsonNode payload, String payloadSha256) {
    }

    /** What became of one item: published ({@code problem} empty) or not (the 503 of that record). */
    public record ItemOutcome(int index, TelemetryReceived event, Optional<ApiProblemException> problem) {

        public boolean published() {
            return problem.isEmpty();
        }
    }

    /**
     * Publishes the reading and returns it once Kafka acknowledged it.
     *
     * @throws ApiProblemException 429 {@code rate-limited}, 503 {@code overloaded} (nothing was sent)
     *         or 503 {@code ingest-unavailable} (Kafka did not acknowledge)
     */
    public TelemetryReceived ingest(Reading reading) {
        TelemetryNormalizer.Normalized normalized = normalizer.normalize(reading.payload());
        Instant stamped = reading.sourceTimestamp();
        long idMillis = stamped != null ? stamped.toEpochMilli() : normalized.deviceTime().map(Instant::toEpochMilli).orElse(0L);
        String messageId = MessageIds.of(reading.deviceId(), idMillis, reading.payloadSha256());
        TelemetryReceived event = event(reading.tenantId(), reading.deviceId(), reading.identity(), reading.protocol(),
                normalized, stamped, messageId);
        try (IngestGate.Admission admission = gate.admit(reading.tenantId(), reading.deviceId(), 1)) {
            try {
                publisher.publish(event, reading.correlationId());
            } catch (RuntimeException e) {
                admission.refund(1);
                throw e;
            }
        }
        return event;
    }

    /**
     * Publishes the items of a batch, all sent before any acknowledgement is awaited, and returns one
     * outcome per item in the order given. The batch is admitted as a whole (one token per item):
     * refused, nothing is published.
     *
     * @throws ApiProblemException 429 {@code rate-limited} or 503 {@code overloaded}, nothing sent
     */
    public List<ItemOutcome> ingestBatch(Batch batch) {
        if (batch.items().isEmpty()) {
            return List.of();
        }
        long timestampMillis = batch.sourceTimestamp().toEpochMilli();
        List<TelemetryReceived> events = new ArrayList<>(batch.items().size());
        for (BatchItem item : batch.items()) {
            String messageId = MessageIds.ofBatchItem(batch.deviceId(), timestampMillis, item.index(), item.payloadSha256());
            events.add(event(batch.tenantId(), batch.deviceId(), batch.identity(), batch.protocol(),
                    normalizer.normalize(item.payload()), batch.sourceTimestamp(), messageId));
        }
        List<Optional<ApiProblemException>> results;
        try (IngestGate.Admission admission = gate.admit(batch.tenantId(), batch.deviceId(), events.size())) {
            try {
                results = publisher.publishAll(events, batch.correlationId());
            } catch (RuntimeException e) {
                admission.refund(events.size());
                throw e;
            }
            admission.refund((int) results.stream().filter(Optional::isPresent).count());
        }
        List<ItemOutcome> outcomes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            outcomes.add(new ItemOutcome(batch.items().get(i).index(), events.get(i), results.get(i)));
        }
        return outcomes;
    }

    /** @param sourceTimestamp the network's timestamp, null when the transport stamps none (then the received time) */
    private TelemetryReceived event(String tenantId, String deviceId, DeviceIdentity identity, SourceProtocol protocol,
                                    TelemetryNormalizer.Normalized normalized, Instant sourceTimestamp, String messageId) {
        Instant received = clock.instant();
        return new TelemetryReceived(tenantId, deviceId, messageId,
                normalized.deviceTime().orElse(sourceTimestamp != null ? sourceTimestamp : received),
                received, protocol, identity, normalized.measurements(), normalized.attributes());
    }
}
