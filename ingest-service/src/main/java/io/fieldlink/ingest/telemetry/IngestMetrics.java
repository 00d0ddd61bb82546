package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.support.problem.ApiProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/**
 * {@code fieldlink.ingest.requests}: one count per request, tagged {@code protocol}
 * ({@code beam-http}, {@code funnel}), {@code outcome} ({@code accepted}, {@code rejected}) and
 * {@code reason} ({@code none}, {@code unauthorized}, {@code forbidden}, {@code malformed},
 * {@code unsupported-payload}, {@code too-large}, {@code unsupported-media-type},
 * {@code unavailable}, {@code error}).
 */
public final class IngestMetrics {

    public static final String REQUESTS = "fieldlink.ingest.requests";

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs one request and counts how it ended; exceptions pass through unchanged. */
    public <T> T track(SourceProtocol protocol, Supplier<T> request) {
        T result;
        try {
            result = request.get();
        } catch (ApiProblemException problem) {
            counter(protocol, "rejected", reasonOf(problem)).increment();
            throw problem;
        } catch (RuntimeException e) {
            counter(protocol, "rejected", "error").increment();
            throw e;
        }
        counter(protocol, "accepted", "none").increment();
        return result;
    }

    /**
     * Counts one message of an entry point without HTTP request (UDP, TCP, Beam TCP, MQTT).
     *
     * @param outcome {@code accepted}, {@code rejected} (answered with an error), {@code dead-lettered}
     *                or {@code failed} (neither published nor dead-lettered: Kafka unavailable)
     * @param reason  {@code none} or a stable slug ({@code malformed}, {@code kafka-unavailable}, ...)
     */
    public void count(SourceProtocol protocol, String outcome, String reason) {
        counter(protocol, outcome, reason).increment();
    }

    static String reasonOf(ApiProblemException problem) {
        return switch (problem.status().value()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 400 -> IngestProblems.UNSUPPORTED_PAYLOAD.equals(problem.type()) ? "unsupported-payload" : "malformed";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> "error";
        };
    }

    private Counter counter(SourceProtocol protocol, String outcome, String reason) {
        return Counter.builder(REQUESTS)
                .description("Requests to the ingest endpoints by protocol, outcome and reason")
                .tag("protocol", protocol.wireName())
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }
}
