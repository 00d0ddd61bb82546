package io.fieldlink.rules.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Meters of one channel: {@code fieldlink.rules.notifications.sent|failed|dead-lettered|skipped} tagged with
 * {@code channel} (skipped also with {@code reason}), and for webhooks the timer {@code fieldlink.rules.webhook.latency}
 * tagged with {@code outcome}.
 */
final class NotificationMetrics {

    private final MeterRegistry meters;
    private final Channel channel;
    private final Counter sent;
    private final Counter failed;
    private final Counter deadLettered;

    NotificationMetrics(MeterRegistry meters, Channel channel) {
        this.meters = meters;
        this.channel = channel;
        this.sent = Counter.builder("fieldlink.rules.notifications.sent")
                .description("Notifications delivered")
                .tag("channel", channel.wireName())
                .register(meters);
        this.failed = Counter.builder("fieldlink.rules.notifications.failed")
                .description("Delivery attempts that failed (retried or dead-lettered)")
                .tag("channel", channel.wireName())
                .register(meters);
        this.deadLettered = Counter.builder("fieldlink.rules.notifications.dead-lettered")
                .description("Notifications given up and published to iot.notifications.dlq.v1")
                .tag("channel", channel.wireName())
                .register(meters);
    }

    void sent() {
        sent.increment();
    }

    void failed() {
        failed.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    /** An alert event this channel did not notify about, and why (e.g. {@code rule-missing}). */
    void skipped(String reason) {
        Counter.builder("fieldlink.rules.notifications.skipped")
                .description("Alert events not notified (rule gone, transition not selected, no target)")
                .tag("channel", channel.wireName())
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    /** Time of one webhook request; {@code outcome} is {@code 2xx}, {@code 4xx}, {@code 5xx}, ... or {@code error}. */
    void webhookLatency(Duration elapsed, String outcome) {
        Timer.builder("fieldlink.rules.webhook.latency")
                .description("Time from sending a webhook request to its response")
                .tag("outcome", outcome)
                .register(meters)
                .record(elapsed);
    }
}
