package io.fieldlink.ingest.socket;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.binary.DevicePayloads;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.support.problem.ApiProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/**
 * What the socket entry points (Harvest-style UDP and TCP, Beam TCP) do with one message of an
 * authenticated or trusted sender: find its device, read the payload (JSON, else binary with the
 * device's format), publish it through {@link TelemetryIngest}; input that cannot become a reading
 * goes to the dead-letter topic with its reason, never silently away. Counts every message in
 * {@code fieldlink.ingest.requests}. Never throws for a bad message: the {@link Outcome} says what
 * happened, and TCP endpoints answer its {@link Outcome#replyLine() line}.
 *
 * <p>Message id: device id, the time the message was received (epoch ms) and the SHA-256 of the
 * raw bytes; these entry points carry no network timestamp.
 */
public final class SocketIngest {

    private static final Logger log = LoggerFactory.getLogger(SocketIngest.class);

    public static final String UNKNOWN_DEVICE = "unknown-device";
    public static final String TOO_LARGE = "too-large";
    public static final String KAFKA_UNAVAILABLE = "kafka-unavailable";

    private final TelemetryIngest ingest;
    private final IngestDeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final BinaryFormats formats;
    private final Clock clock;

    public SocketIngest(TelemetryIngest ingest, IngestDeadLetters deadLetters, IngestMetrics metrics,
                        BinaryFormats formats, Clock clock) {
        this.ingest = ingest;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.formats = formats;
        this.clock = clock;
    }

    /**
     * Who sent a message.
     *
     * @param tenantId         operator id of the entry point or credential
     * @param deviceId         the device, null when it could not be identified
     * @param identity         identity as vouched for by the network (or the trusted header)
     * @param peer             the sender's address ({@code udp:10.0.0.7:5000}): dead-letter key without device
     * @param entryPointFormat the entry point's binary format group, may be null
     */
    public record Sender(String tenantId, String deviceId, DeviceIdentity identity, String peer, String entryPointFormat) {
    }

    /** How a message ended. */
    public sealed interface Outcome permits Accepted, DeadLettered, Unavailable {

        /** The answer line for TCP: {@code 202 <messageId>}, {@code 400 <reason>}, {@code 503 kafka-unavailable}. */
        String replyLine();
    }

    public record Accepted(String messageId) implements Outcome {
        public String replyLine() {
            return "202 " + messageId;
        }
    }

    /** In the dead-letter topic; {@code reason} is the stable slug. */
    public record DeadLettered(String reason) implements Outcome {
        public String replyLine() {
            return status(reason) + " " + reason;
        }
    }

    /**
     * Not stored and not dead-lettered: Kafka did not acknowledge in time ({@code 503 kafka-unavailable}),
     * or the shared ingest gate refused it ({@code 429 rate-limited}, {@code 503 overloaded}). Retrying
     * later is safe.
     */
    public record Unavailable(int status, String reason) implements Outcome {

        Unavailable() {
            this(503, KAFKA_UNAVAILABLE);
        }

        public String replyLine() {
            return status + " " + reason;
        }
    }

    /** Status of a reason, HTTP-like, for answer lines. */
    public static int status(String reason) {
        return switch (reason) {
            case UNKNOWN_DEVICE -> 403;
            case TOO_LARGE -> 413;
            case "unauthorized" -> 401;
            case KAFKA_UNAVAILABLE -> 503;
            default -> 400;
        };
    }

    public Outcome ingest(SourceProtocol protocol, Sender sender, byte[] raw) {
        if (sender.deviceId() == null || sender.deviceId().isBlank()) {
            return deadLetter(protocol, sender.peer(), raw, UNKNOWN_DEVICE,
                    "no device is configured for sender " + sender.peer());
        }
        DevicePayloads.Decoded decoded;
        try {
            decoded = DevicePayloads.decode(raw, formats.select(sender.deviceId(), sender.entryPointFormat()));
        } catch (DevicePayloads.PayloadException e) {
            return deadLetter(protocol, sender.deviceId(), raw, e.reason(), e.getMessage());
        }
        try {
            TelemetryReceived event = ingest.ingest(new TelemetryIngest.Reading(sender.tenantId(), sender.deviceId(),
                    sender.identity(), protocol, decoded.payload(), clock.instant(), MessageIds.sha256Hex(raw),
                    UUID.randomUUID().toString()));
            metrics.count(protocol, "accepted", "none");
            return new Accepted(event.messageId());
        } catch (ApiProblemException e) {
            // Kafka did not acknowledge (the publisher logged why), or the gate refused the reading
            // (rate limit, in-flight limit); the sender may retry (TCP) or the datagram is lost (UDP)
            String reason = IngestMetrics.reasonOf(e);
            reason = reason.equals("unavailable") ? KAFKA_UNAVAILABLE : reason;
            metrics.count(protocol, "failed", reason);
            log.warn("{} message of device {} not stored: {}{}", protocol.wireName(), sender.deviceId(), reason,
                    protocol == SourceProtocol.UDP ? " (UDP: the datagram is lost)" : "");
            return new Unavailable(e.status().value(), reason);
        }
    }

    /**
     * Sends input to the dead-letter topic, counted as {@code dead-lettered} with its reason; when
     * Kafka does not take it either, logged and counted as {@code failed}/{@code kafka-unavailable}.
     *
     * @param reason stable slug; the header holds {@code reason: detail}
     */
    public Outcome deadLetter(SourceProtocol protocol, String key, byte[] raw, String reason, String detail) {
        try {
            deadLetters.deadLetter(key, raw, protocol, detail == null ? reason : reason + ": " + detail);
        } catch (ApiProblemException e) {
            metrics.count(protocol, "failed", KAFKA_UNAVAILABLE);
            log.warn("{} input of {} ({}, {} bytes) lost: Kafka unavailable for the dead-letter topic too",
                    protocol.wireName(), key, reason, raw.length);
            return new Unavailable();
        }
        metrics.count(protocol, "dead-lettered", reason);
        log.debug("{} input of {} dead-lettered: {}: {}", protocol.wireName(), key, reason, detail);
        return new DeadLettered(reason);
    }

    /** Counts a message that was answered with an error and not dead-lettered (e.g. too large on TCP). */
    public void rejected(SourceProtocol protocol, String reason) {
        metrics.count(protocol, "rejected", reason);
    }
}
