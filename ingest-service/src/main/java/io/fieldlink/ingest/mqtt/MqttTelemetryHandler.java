package io.fieldlink.ingest.mqtt;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.telemetry.CorrelationIds;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.ingest.telemetry.RequestBodies;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.problem.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * One MQTT message in, then exactly one of:
 * <ul>
 *   <li>a reading on {@code iot.telemetry.v1}, and the message is acknowledged (PUBACK) to the broker
 *       once Kafka acknowledged the record;</li>
 *   <li>a poison message (topic of the wrong shape or of a tenant not served, payload too large,
 *       empty, invalid JSON, JSON that is not an object, binary without a decoder): a record on
 *       {@code iot.ingest.dlq.v1}, and the message is acknowledged once Kafka acknowledged that
 *       record, so it is never redelivered;</li>
 *   <li>Kafka did not acknowledge in time (reading or dead-letter record): the message is <em>not</em>
 *       acknowledged, and the adapter reconnects so that the broker delivers it again
 *       ({@link MqttInboundAdapter}).</li>
 * </ul>
 * Checks run in this order: topic, size, empty, payload. Every message is counted in
 * {@code fieldlink.ingest.requests} with {@code protocol=mqtt} (a redelivered message again).
 */
class MqttTelemetryHandler implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(MqttTelemetryHandler.class);

    /** What became of one delivery. */
    enum Outcome {
        /** On iot.telemetry.v1; acknowledge. */
        PUBLISHED,
        /** On iot.ingest.dlq.v1; acknowledge. */
        DEAD_LETTERED,
        /** Kafka did not acknowledge: do not acknowledge, have the broker deliver it again. */
        REDELIVER
    }

    private final MqttTopicScheme scheme;
    private final MqttPayloadDecoder decoder;
    private final TelemetryIngest ingest;
    private final MqttDeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final long maxPayloadBytes;

    MqttTelemetryHandler(MqttTopicScheme scheme, MqttPayloadDecoder decoder, TelemetryIngest ingest,
                         MqttDeadLetters deadLetters, IngestMetrics metrics, long maxPayloadBytes) {
        this.scheme = scheme;
        this.decoder = decoder;
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
        MqttTopicScheme.Match match = scheme.match(topic);
        try {
            metrics.track(SourceProtocol.MQTT, () -> publish(match, topic, payload, correlationId));
            return Outcome.PUBLISHED;
        } catch (ApiProblemException problem) {
            if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
                log.warn("MQTT message on {} not acknowledged: Kafka did not acknowledge the reading in time; "
                        + "the broker delivers it again after the reconnect", topic);
                return Outcome.REDELIVER;
            }
            return deadLetter(match, topic, payload, correlationId, problem.getMessage());
        } catch (RuntimeException e) {
            log.error("MQTT message on {} could not be processed; dead-lettering it", topic, e);
            return deadLetter(match, topic, payload, correlationId, "processing failed: " + e.getClass().getName());
        }
    }

    private TelemetryReceived publish(MqttTopicScheme.Match match, String topic, byte[] payload, String correlationId) {
        MqttTopicScheme.Device device = switch (match) {
            case MqttTopicScheme.Device d -> d;
            case MqttTopicScheme.Mismatch m -> throw m.forbidden() ? forbidden(m.reason()) : IngestProblems.malformed(m.reason());
        };
        if (payload.length > maxPayloadBytes) {
            throw new ApiProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Content too large",
                    "payload too large: " + payload.length + " bytes, max-body-size is " + maxPayloadBytes);
        }
        if (payload.length == 0) {
            throw IngestProblems.malformed("empty payload");
        }
        ObjectNode reading = read(device, topic, payload);
        return ingest.ingest(new TelemetryIngest.Reading(device.tenantId(), device.deviceId(), DeviceIdentity.NONE,
                SourceProtocol.MQTT, reading, null, MessageIds.sha256Hex(payload), correlationId));
    }

    /** A JSON object when the payload starts like one, else whatever the decoder makes of it. */
    private ObjectNode read(MqttTopicScheme.Device device, String topic, byte[] payload) {
        if (startsLikeJsonObject(payload)) {
            JsonNode node;
            try {
                node = RequestBodies.deviceJson().readTree(payload);
            } catch (JacksonException e) {
                throw IngestProblems.malformed("invalid JSON: " + firstLine(e.getOriginalMessage()));
            }
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw IngestProblems.malformed("JSON payload is not an object");
        }
        ObjectNode decoded;
        try {
            decoded = decoder.decode(device, topic, payload);
        } catch (UndecodablePayloadException e) {
            if (isJson(payload)) {
                throw IngestProblems.malformed("JSON payload is not an object");
            }
            throw IngestProblems.unsupportedPayload(e.getMessage());
        }
        if (decoded == null) {
            throw IngestProblems.unsupportedPayload("the payload decoder returned no reading");
        }
        return decoded;
    }

    private Outcome deadLetter(MqttTopicScheme.Match match, String topic, byte[] payload, String correlationId,
                               String reason) {
        String key;
        String tenant;
        switch (match) {
            case MqttTopicScheme.Device d -> {
                key = d.deviceId();
                tenant = d.tenantId();
            }
            case MqttTopicScheme.Mismatch m -> {
                key = m.deviceId() != null ? m.deviceId() : "mqtt:" + topic;
                tenant = m.tenantId();
            }
        }
        if (deadLetters.publish(key, tenant, correlationId, payload, reason)) {
            log.info("MQTT message on {} dead-lettered: {}", topic, reason);
            return Outcome.DEAD_LETTERED;
        }
        log.warn("MQTT message on {} not acknowledged: the dead-letter record was not acknowledged in time; "
                + "the broker delivers it again after the reconnect", topic);
        return Outcome.REDELIVER;
    }

    private static ApiProblemException forbidden(String reason) {
        return new ApiProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", reason);
    }

    /** First byte after an optional UTF-8 byte order mark and JSON whitespace is an opening brace. */
    static boolean startsLikeJsonObject(byte[] payload) {
        int i = payload.length >= 3 && (payload[0] & 0xff) == 0xef && (payload[1] & 0xff) == 0xbb
                && (payload[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < payload.length && (payload[i] == ' ' || payload[i] == '\t' || payload[i] == '\n' || payload[i] == '\r')) {
            i++;
        }
        return i < payload.length && payload[i] == '{';
    }

    private static boolean isJson(byte[] payload) {
        try {
            RequestBodies.deviceJson().readTree(payload);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** MQTT 5 correlation data when it is a sane token, else a new random id. */
    static String correlationId(Object correlationData) {
        return CorrelationIds.fromHeader(correlationData instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) : null);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
