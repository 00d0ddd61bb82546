package io.fieldlink.ingest.mqtt;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;

/**
 * Spring Integration's MQTT v5 inbound adapter (Paho v5, manual acknowledgements) plus the one thing
 * it lacks: a way to have an unacknowledged message delivered again.
 *
 * <p>MQTT 5 lets a broker resend an unacknowledged QoS 1 message only when the session is resumed
 * on a new connection, never on the same one. So when the handler could not store a message (Kafka
 * did not acknowledge) it calls {@link #requestRedelivery()} instead of acknowledging, and this
 * adapter then throws out of Paho's {@code messageArrived}: Paho closes the connection, its automatic
 * reconnect resumes the session (clean start off, session expiry set) and the broker resends every
 * message not yet acknowledged, this one first. Throwing here rather than from the handler keeps the
 * adapter from logging every such message as an unhandled ERROR with a stack trace; the handler has
 * logged a WARN already.
 *
 * <p>The handler runs on Paho's callback thread, inside {@link #messageArrived} (the adapter's
 * output channel is a direct channel), so a thread-local carries the request.
 */
class MqttInboundAdapter extends Mqttv5PahoMessageDrivenChannelAdapter {

    private static final ThreadLocal<Boolean> REDELIVER = new ThreadLocal<>();

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

    @Override
    public void messageArrived(String topic, MqttMessage mqttMessage) {
        REDELIVER.remove();
        boolean redeliver;
        try {
            super.messageArrived(topic, mqttMessage);
        } finally {
            redeliver = takeRedeliveryRequest();
        }
        if (redeliver) {
            throw new RedeliveryRequestedException(topic);
        }
    }

    /** Makes Paho drop the connection; never logged with a stack trace. */
    static final class RedeliveryRequestedException extends RuntimeException {

        RedeliveryRequestedException(String topic) {
            super("MQTT message on " + topic + " not acknowledged: reconnecting for its redelivery", null, false, false);
        }
    }
}
