package io.fieldlink.command.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;

/**
 * The end of the inbound flow: a message of {@link DeviceMessagesAdapter} to {@link DeviceMessages#handle}, with the
 * topic, correlation data and retained flag from Spring Integration's MQTT headers. Runs on Paho's callback thread.
 */
final class DeviceMessageHandler implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(DeviceMessageHandler.class);

    /** What {@link DeviceMessages#handle} takes. */
    @FunctionalInterface
    interface Inbound {
        void handle(String topic, byte[] payload, byte[] correlationData, boolean retained);
    }

    private final Inbound inbound;

    DeviceMessageHandler(Inbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public void handleMessage(Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        String topic = headers.get(MqttHeaders.RECEIVED_TOPIC, String.class);
        byte[] correlationData = headers.get(MqttHeaders.CORRELATION_DATA, byte[].class);
        boolean retained = Boolean.TRUE.equals(headers.get(MqttHeaders.RECEIVED_RETAINED, Boolean.class));
        if (topic == null || !(message.getPayload() instanceof byte[] payload)) {
            log.debug("Ignoring an MQTT message without topic or bytes: {}", message);
            return;
        }
        try {
            inbound.handle(topic, payload, correlationData, retained);
        } catch (RuntimeException e) {
            // never back into Paho: thrown out of a subscription's listener, it drops the connection
            log.warn("Handling a message on {} failed: {}", topic, e.toString());
        }
    }
}
