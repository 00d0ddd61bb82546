package io.fieldlink.ingest.mqtt;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Spring Integration's MQTT v5 inbound adapter (Paho v5, manual acknowledgements) plus the one thing
 * it lacks: a way to have an unacknowledged message delivered again.
 *
 * <p>MQTT 5 lets a broker resend an unacknowledged QoS 1 message only when the session is resumed
 * on a new connection, never on the same one. So when the handler could not store a message (Kafka
 * did not acknowledge) it calls {@link #requestRedelivery()} instead of acknowledging it, and this
 * adapter then reconnects: it stops taking messages (those that arrive meanwhile are neither
 * processed nor acknowledged), after {@link #RECONNECT_DELAY} disconnects (clean start is off and
 * the session outlives the connection, so the broker keeps every unacknowledged message) and
 * connects again; the broker then sends every message not yet acknowledged again, this one first.
 *
 * <p>The reconnect is done here rather than by throwing out of Paho's {@code messageArrived}: Paho
 * drops the connection for such an exception only when the message came through the subscription's
 * own listener, and silently swallows it when it came through the client's default callback, which
 * is where shared-subscription messages arrived with HiveMQ CE (the topic filter {@code $share/...}
 * never matches a message topic, so without a subscription identifier Paho falls back to it).
 *
 * <p>The handler runs on Paho's callback thread inside {@link #messageArrived} (the adapter's output
 * channel is a direct channel), so a thread-local carries its request.
 */
class MqttInboundAdapter extends Mqttv5PahoMessageDrivenChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(MqttInboundAdapter.class);

    /** Pause between a message that could not be stored and the reconnect that has it sent again. */
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private static final ThreadLocal<Boolean> REDELIVER = new ThreadLocal<>();

    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mqtt-ingest-reconnect").daemon(true).factory());

    MqttInboundAdapter(MqttConnectionOptions options, String clientId, MqttSubscription subscription) {
        super(options, clientId, subscription);
    }

    /** Called by the handler, on the delivering thread, for a message it did not acknowledge. */
    static void requestRedelivery() {
        REDELIVER.set(Boolean.TRUE);
    }

    /** Whether {@link #requestRedelivery()} was called on this thread since the last call; clears it. */
    static boolean takeRedeliveryRequest() {
        boolean requested = Boolean.TRUE.equals(REDELIVER.get());
        REDELIVER.remove();
        return requested;
    }

    /** True from a redelivery request until the connection is dropped for it. */
    boolean isReconnecting() {
        return reconnecting.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage mqttMessage) {
        if (reconnecting.get()) {
            // neither processed nor acknowledged: the broker sends it again after the reconnect
            return;
        }
        REDELIVER.remove();
        boolean redeliver;
        try {
            super.messageArrived(topic, mqttMessage);
        } finally {
            redeliver = takeRedeliveryRequest();
        }
        if (redeliver && reconnecting.compareAndSet(false, true)) {
            reconnector.schedule(this::reconnect, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Drops the connection without acknowledging and connects again, resuming the session. */
    private void reconnect() {
        this.lifecycleLock.lock();
        try {
            try {
                if (isRunning()) {
                    log.info("Reconnecting to the MQTT broker: it delivers the unacknowledged messages again");
                    doStop();
                }
            } catch (RuntimeException e) {
                log.warn("Disconnecting from the MQTT broker failed: {}", e.toString());
            } finally {
                reconnecting.set(false);
            }
            if (isRunning()) {
                doStart();
            }
        } catch (RuntimeException e) {
            log.warn("Reconnecting to the MQTT broker failed: {}", e.toString());
        } finally {
            this.lifecycleLock.unlock();
        }
    }

    @Override
    public void destroy() {
        reconnector.shutdownNow();
        super.destroy();
    }
}
