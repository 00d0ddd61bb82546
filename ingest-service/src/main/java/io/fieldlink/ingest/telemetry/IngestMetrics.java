package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.support.problem.ApiProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ingest edge's meters (all listed in {@code docs/ingest.md}, "Metrics"):
 *
 * <ul>
 *   <li>{@code fieldlink.ingest.requests}: one count per request (or per MQTT message / datagram),
 *       tagged {@code protocol} ({@code beam-http}, {@code funnel}, ...), {@code outcome}
 *       ({@code accepted}, {@code partial} for a 207 batch, {@code rejected}) and {@code reason}
 *       ({@code none} or the reason of the rejection, {@link #reasonOf});</li>
 *   <li>{@code fieldlink.ingest.items}: one count per item of a batch that got a per-item answer,
 *       same tags ({@code outcome} {@code accepted} or {@code rejected});</li>
 *   <li>{@code fieldlink.ingest.publish.latency}: timer with percentile histogram, time from handing
 *       a record to the producer to Kafka's verdict, tag {@code outcome} ({@code acked}, {@code failed});</li>
 *   <li>{@code fieldlink.ingest.publish.in-flight}: gauge of records awaiting Kafka's acknowledgement,
 *       {@code fieldlink.ingest.publish.in-flight.max} its limit, and
 *       {@code fieldlink.ingest.rate-limit.devices}: devices with a token bucket in memory.</li>
 * </ul>
 */
public final class IngestMetrics {

    public static final String REQUESTS = "fieldlink.ingest.requests";
    public static final String ITEMS = "fieldlink.ingest.items";
    public static final String PUBLISH_LATENCY = "fieldlink.ingest.publish.latency";
    public static final String IN_FLIGHT = "fieldlink.ingest.publish.in-flight";
    public static final String IN_FLIGHT_MAX = "fieldlink.ingest.publish.in-flight.max";
    public static final String RATE_LIMITED_DEVICES = "fieldlink.ingest.rate-limit.devices";

    private final MeterRegistry registry;
    private final Timer acked;
    private final Timer failed;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acked = publishTimer("acked");
        this.failed = publishTimer("failed");
    }

    /** Runs one request and counts how it ended; exceptions pass through unchanged. */
    public <T> T track(SourceProtocol protocol, Supplier<T> request) {
        return track(protocol, request, result -> "accepted");
    }

    /**
     * Runs one request and counts how it ended: a problem as {@code rejected} with its reason, a
     * result as {@code outcomeOf(result)} ({@code accepted} or {@code partial}) with reason {@code none}.
     */
    public <T> T track(SourceProtocol protocol, Supplier<T> request, Function<T, String> outcomeOf) {
        T result;
        try {
            result = request.get();
        } catch (ApiProblemException problem) {
            counter(REQUESTS, protocol, "rejected", reasonOf(problem)).increment();
            throw problem;
        } catch (RuntimeException e) {
            counter(REQUESTS, protocol, "rejected", "error").increment();
            throw e;
        }
        counter(REQUESTS, protocol, outcomeOf.apply(result), "none").increment();
        return result;
    }

    /** One batch item: accepted ({@code problem == null}) or rejected with the problem's reason. */
    public void countItem(SourceProtocol protocol, ApiProblemException problem) {
        if (problem == null) {
            counter(ITEMS, protocol, "accepted", "none").increment();
        } else {
            counter(ITEMS, protocol, "rejected", reasonOf(problem)).increment();
        }
    }

    /** Time from handing one record to the producer to Kafka's verdict. */
    public void recordPublish(Duration latency, boolean acknowledged) {
        (acknowledged ? acked : failed).record(latency);
    }

    /** Gauges of the gate's in-flight records and rate-limit buckets. */
    public void watch(IngestGate gate) {
        Gauge.builder(IN_FLIGHT, gate, IngestGate::inFlight)
                .description("Records awaiting Kafka's acknowledgement")
                .register(registry);
        Gauge.builder(IN_FLIGHT_MAX, gate, IngestGate::maxInFlight)
                .description("Most records that may await Kafka's acknowledgement (fieldlink.ingest.max-in-flight)")
                .register(registry);
        Gauge.builder(RATE_LIMITED_DEVICES, gate, IngestGate::trackedDevices)
                .description("Devices with a rate-limit token bucket in memory")
                .register(registry);
    }

    /**
     * Counts one message of an entry point without HTTP request (UDP, TCP, Beam TCP, MQTT).
     *
     * @param outcome {@code accepted}, {@code rejected} (answered with an error), {@code dead-lettered}
     *                or {@code failed} (neither published nor dead-lettered: Kafka unavailable)
     * @param reason  {@code none} or a stable slug ({@code malformed}, {@code kafka-unavailable}, ...)
     */
    public void count(SourceProtocol protocol, String outcome, String reason) {
        counter(REQUESTS, protocol, outcome, reason).increment();
    }

    public static String reasonOf(ApiProblemException problem) {
        return switch (problem.status().value()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 400 -> IngestProblems.UNSUPPORTED_PAYLOAD.equals(problem.type()) ? "unsupported-payload" : "malformed";
            case 413 -> IngestProblems.TOO_MANY_ITEMS.equals(problem.type()) ? "too-many-items" : "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            case 503 -> IngestProblems.OVERLOADED.equals(problem.type()) ? "overloaded" : "unavailable";
            default -> "error";
        };
    }

    private Timer publishTimer(String outcome) {
        return Timer.builder(PUBLISH_LATENCY)
                .description("Time from handing a record to the Kafka producer to the broker's verdict")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    private Counter counter(String name, SourceProtocol protocol, String outcome, String reason) {
        return Counter.builder(name)
                .description(REQUESTS.equals(name)
                        ? "Requests to the ingest endpoints by protocol, outcome and reason"
                        : "Items of ingest batches by protocol, outcome and reason")
                .tag("protocol", protocol.wireName())
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }
}
