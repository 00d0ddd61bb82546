package io.fieldlink.ingest.mqtt;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.binary.DevicePayloads;
import io.fieldlink.ingest.telemetry.CorrelationIds;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.support.problem.ApiProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One MQTT message in, then exactly one of:
 * <ul>
 *   <li>a reading on {@code iot.telemetry.v1}, and the message is acknowledged (PUBACK) to the broker
 *       once Kafka acknowledged the record;</li>
 *   <li>a poison message (topic of the wrong shape or of a tenant not served, payload too large or
 *       empty, JSON that is not one object, binary without a format or not fitting it, a device over
 *       its rate limit): a record on {@code iot.ingest.dlq.v1} ({@link IngestDeadLetters}), and the
 *       message is acknowledged once Kafka acknowledged that record, so it is never redelivered;</li>
 *   <li>Kafka did not acknowledge in time (reading or dead-letter record), or too many records await
 *       Kafka ({@code overloaded}): the message is <em>not</em> acknowledged, and the adapter
 *       reconnects so that the broker delivers it again ({@link MqttInboundAdapter}).</li>
 * </ul>
 * The payload is read like every other entry point's ({@link DevicePayloads}: JSON first, else the
 * device's binary format, else the MQTT endpoint's {@code fieldlink.ingest.mqtt.format}). Checks run
 * in this order: topic, size, empty, payload, rate limit. Every delivery is counted in
 * {@code fieldlink.ingest.requests} with {@code protocol=mqtt} and the outcomes of the socket entry
 * points: {@code accepted}, {@code dead-lettered} (reason slug) or {@code failed} (redelivered).
 */
class MqttTelemetryHandler implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(MqttTelemetryHandler.class);

    /** Dead-letter and metric reasons besides those of {@link DevicePayloads}. */
    static final String UNKNOWN_DEVICE = "unknown-device";
    static final String FORBIDDEN = "forbidden";
    static final String TOO_LARGE = "too-large";
    static final String RATE_LIMITED = "rate-limited";
    static final String ERROR = "error";
    static final String KAFKA_UNAVAILABLE = "kafka-unavailable";
    /** Value kept of a too-large payload Kafka would not take whole. */
    static final int TRUNCATED_BYTES = 64 * 1024;

    /** What became of one delivery. */
    enum Outcome {
        /** On iot.telemetry.v1; acknowledge. */
        PUBLISHED,
        /** On iot.ingest.dlq.v1; acknowledge. */
        DEAD_LETTERED,
        /** Not stored: do not acknowledge, have the broker deliver it again. */
        REDELIVER
    }

    private final MqttTopicScheme scheme;
    private final BinaryFormats formats;
    private final String endpointFormat;
    private final TelemetryIngest ingest;
    private final IngestDeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final long maxPayloadBytes;

    /**
     * @param endpointFormat binary format group of devices without their own (null: none)
     */
    MqttTelemetryHandler(MqttTopicScheme scheme, BinaryFormats formats, String endpointFormat, TelemetryIngest ingest,
                         IngestDeadLetters deadLetters, IngestMetrics metrics, long maxPayloadBytes) {
        this.scheme = scheme;
        this.formats = formats;
        this.endpointFormat = endpointFormat;
        this.ingest = ingest;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void handleMessage(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        String topic = headers.get(MqttHeaders.RECEIVED_TOPIC, String.class);
        byte[] payload = message.getPayload() instanceof byte[] bytes ? bytes : new byte[0];
        if (Boolean.TRUE.equals(headers.get(MqttHeaders.DUPLICATE, Boolean.class))) {
            log.debug("Redelivered MQTT message on {}", topic);
        }
        Outcome outcome = handle(topic, payload, correlationId(headers.get(MqttHeaders.CORRELATION_DATA)));
        if (outcome == Outcome.REDELIVER) {
            MqttInboundAdapter.requestRedelivery();
            return;
        }
        SimpleAcknowledgment ack = headers.get(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK,
                SimpleAcknowledgment.class);
        if (ack != null) {
            try {
                ack.acknowledge();
            } catch (RuntimeException e) {
                // the connection went away meanwhile (shutdown, reconnect): the broker delivers the
                // message again, with the same message id
                log.debug("MQTT message on {} could not be acknowledged: {}", topic, e.toString());
            }
        }
    }

    /** Publishes or dead-letters one message; says whether to acknowledge it. */
    Outcome handle(String topic, byte[] payload, String correlationId) {
        return switch (scheme.match(topic)) {
            case MqttTopicScheme.Device device -> handle(device, topic, payload, correlationId);
            case MqttTopicScheme.Mismatch m -> deadLetter(m.deviceId() != null ? m.deviceId() : "mqtt:" + topic, payload,
                    m.forbidden() ? FORBIDDEN : UNKNOWN_DEVICE, m.reason());
        };
    }

    private Outcome handle(MqttTopicScheme.Device device, String topic, byte[] payload, String correlationId) {
        String deviceId = device.deviceId();
        if (payload.length > maxPayloadBytes) {
            return deadLetter(deviceId, payload, TOO_LARGE,
                    "payload has " + payload.length + " bytes, max-body-size is " + maxPayloadBytes);
        }
        if (payload.length == 0) {
            return deadLetter(deviceId, payload, DevicePayloads.MALFORMED, "empty payload");
        }
        try {
            DevicePayloads.Decoded decoded;
            try {
                decoded = DevicePayloads.decode(payload, formats.select(deviceId, endpointFormat));
            } catch (DevicePayloads.PayloadException e) {
                return deadLetter(deviceId, payload, e.reason(), e.getMessage());
            }
            try {
                ingest.ingest(new TelemetryIngest.Reading(device.tenantId(), deviceId, DeviceIdentity.NONE,
                        SourceProtocol.MQTT, decoded.payload(), null, MessageIds.sha256Hex(payload), correlationId));
            } catch (ApiProblemException e) {
                String reason = IngestMetrics.reasonOf(e);
                if (RATE_LIMITED.equals(reason)) {
                    // not redelivered: that would reconnect the whole subscription for one chatty device
                    return deadLetter(deviceId, payload, RATE_LIMITED,
                            "device over fieldlink.ingest.rate-limit; kept here instead of redelivered");
                }
                if (e.status() != HttpStatus.SERVICE_UNAVAILABLE) {
                    // no other refusal is expected from the shared path; never redeliver it forever
                    return deadLetter(deviceId, payload, reason, String.valueOf(e.getMessage()));
                }
                // Kafka did not acknowledge (the publisher logged why) or too much awaits Kafka (overloaded)
                reason = reason.equals("unavailable") ? KAFKA_UNAVAILABLE : reason;
                metrics.count(SourceProtocol.MQTT, "failed", reason);
                log.warn("MQTT message on {} not acknowledged: {}; the broker delivers it again after the reconnect",
                        topic, reason);
                return Outcome.REDELIVER;
            }
        } catch (RuntimeException e) {
            log.error("MQTT message on {} could not be processed; dead-lettering it", topic, e);
            return deadLetter(deviceId, payload, ERROR, "processing failed: " + e.getClass().getName());
        }
        metrics.count(SourceProtocol.MQTT, "accepted", "none");
        return Outcome.PUBLISHED;
    }

    /**
     * Sends the payload to the dead-letter topic ({@code <reason>: <detail>}), counted as
     * {@code dead-lettered}; when Kafka does not take it, counted as {@code failed} and redelivered.
     * A too-large payload Kafka refuses whole is retried once with its first {@value #TRUNCATED_BYTES}
     * bytes, so that an oversized message can never block the subscription.
     */
    private Outcome deadLetter(String key, byte[] payload, String reason, String detail) {
        try {
            deadLetters.deadLetter(key, payload, SourceProtocol.MQTT, reason + ": " + detail);
        } catch (ApiProblemException e) {
            boolean truncated = false;
            if (TOO_LARGE.equals(reason) && payload.length > TRUNCATED_BYTES) {
                try {
                    deadLetters.deadLetter(key, Arrays.copyOf(payload, TRUNCATED_BYTES), SourceProtocol.MQTT,
                            reason + ": " + detail + " (value: the first " + TRUNCATED_BYTES + " bytes)");
                    truncated = true;
                } catch (ApiProblemException again) {
                    // Kafka is down: redeliver
                }
            }
            if (!truncated) {
                metrics.count(SourceProtocol.MQTT, "failed", KAFKA_UNAVAILABLE);
                log.warn("MQTT message of {} not acknowledged: the dead-letter record ({}) was not acknowledged in "
                        + "time; the broker delivers it again after the reconnect", key, reason);
                return Outcome.REDELIVER;
            }
        }
        metrics.count(SourceProtocol.MQTT, "dead-lettered", reason);
        log.info("MQTT message of {} dead-lettered: {}: {}", key, reason, detail);
        return Outcome.DEAD_LETTERED;
    }

    /** MQTT 5 correlation data when it is a sane token, else a new random id. */
    static String correlationId(Object correlationData) {
        return CorrelationIds.fromHeader(correlationData instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) : null);
    }
}
