package io.fieldlink.dashboard.live;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;

/**
 * The open streams of this instance, filed by tenant: enforces the stream limits and fans every event
 * out to the subscriptions of its tenant whose filter wants it. {@link #publish} and {@link #heartbeat}
 * only enqueue (see {@link Subscription}), so a slow client never holds up the Kafka consumer.
 */
final class LiveStreams {

    static final String TOO_MANY_STREAMS = "too-many-streams";

    private final DashboardProperties.Live limits;
    private final Executor sender;
    private final Map<String, Set<Subscription>> byTenant = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private int open; // guarded by this

    LiveStreams(DashboardProperties.Live limits, Executor sender, MeterRegistry meters) {
        this.limits = limits;
        this.sender = sender;
        this.meters = meters;
        Gauge.builder("fieldlink.dashboard.live.streams", this, LiveStreams::openStreams)
                .description("Server-sent event streams open on this instance")
                .register(meters);
    }

    /**
     * Registers a stream of the tenant, or refuses it with 429 {@code too-many-streams} when the tenant or
     * the instance is at its limit.
     */
    synchronized Subscription open(String tenantId, StreamFilter filter, EventSink sink) {
        Set<Subscription> tenant = byTenant.computeIfAbsent(tenantId, t -> new CopyOnWriteArraySet<>());
        if (tenant.size() >= limits.maxStreamsPerTenant()) {
            throw tooMany("The tenant has " + tenant.size() + " streams open, the most allowed ("
                    + "fieldlink.dashboard.live.max-streams-per-tenant).");
        }
        if (open >= limits.maxStreams()) {
            throw tooMany("This instance serves the most streams it allows (fieldlink.dashboard.live.max-streams).");
        }
        Subscription subscription = new Subscription(tenantId, filter, sink, limits.maxQueued(), sender,
                this::remove);
        tenant.add(subscription);
        open++;
        return subscription;
    }

    /** Offers the event to every stream of its tenant. Never blocks. */
    void publish(LiveEvent event) {
        Set<Subscription> tenant = byTenant.get(event.tenantId());
        if (tenant != null) {
            tenant.forEach(subscription -> subscription.offer(event));
        }
    }

    /** Queues a heartbeat comment on every idle stream. */
    void heartbeat() {
        byTenant.values().forEach(tenant -> tenant.forEach(Subscription::heartbeat));
    }

    /** Ends every stream (on shutdown). */
    void closeAll() {
        List<Subscription> all = byTenant.values().stream().flatMap(Set::stream).toList();
        all.forEach(subscription -> subscription.close(Subscription.CloseReason.SHUTDOWN));
    }

    synchronized int openStreams() {
        return open;
    }

    synchronized int openStreams(String tenantId) {
        Set<Subscription> tenant = byTenant.get(tenantId);
        return tenant == null ? 0 : tenant.size();
    }

    private synchronized void remove(Subscription subscription, Subscription.CloseReason reason) {
        Set<Subscription> tenant = byTenant.get(subscription.tenantId());
        if (tenant != null && tenant.remove(subscription)) {
            open--;
            if (tenant.isEmpty()) {
                byTenant.remove(subscription.tenantId());
            }
        }
        Counter.builder("fieldlink.dashboard.live.closed")
                .description("Server-sent event streams closed, by why")
                .tag("reason", reason.tag)
                .register(meters)
                .increment();
    }

    private static ApiProblemException tooMany(String detail) {
        return new ApiProblemException(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_STREAMS, "Too many streams", detail)
                .withHeader("Retry-After", "10");
    }
}
