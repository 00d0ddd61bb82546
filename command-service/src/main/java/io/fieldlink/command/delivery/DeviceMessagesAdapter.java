package io.fieldlink.command.delivery;

import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.jspecify.annotations.Nullable;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.support.MqttHeaderMapper;
import org.springframework.integration.mqtt.support.MqttHeaders;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Spring Integration's MQTT v5 inbound adapter on the shared {@link MqttConnection}, subscribed with QoS 1 to the
 * devices' answers ({@code <prefix>/+/command-responses}) and status ({@code <prefix>/+/status}); the messages
 * carry the received topic, the retained flag and the MQTT 5 correlation data as headers ({@link
 * DeviceMessageHandler}). Only the correlation data of the MQTT 5 properties becomes a header: user properties (any
 * name a device likes) do not.
 *
 * <p>It adds one thing: {@link MqttCommandChannel} hears when the subscriptions are made again after a reconnect
 * (the adapter subscribes on the connection's callback thread before this returns), to release the devices held
 * while disconnected only once their answers can be received. And {@link #awaitConnectCallback} lets the first
 * start wait for the callback of the first connection: Paho completes the connect token before it calls back, and
 * an adapter started in between could miss both the "subscribe on start" flag and the "subscribe now" branch.
 */
final class DeviceMessagesAdapter extends Mqttv5PahoMessageDrivenChannelAdapter {

    private final CountDownLatch connectCallback = new CountDownLatch(1);
    private volatile @Nullable Runnable whenSubscribed;

    DeviceMessagesAdapter(MqttConnection connection, String topicPrefix) {
        super(connection,
                new MqttSubscription(topicPrefix + "/+/" + DeviceMessages.RESPONSES, 1),
                new MqttSubscription(topicPrefix + "/+/" + DeviceMessages.STATUS, 1));
        setAutoStartup(false);
        setPayloadType(byte[].class);
        MqttHeaderMapper headerMapper = new MqttHeaderMapper();
        headerMapper.setInboundHeaderNames(MqttHeaders.CORRELATION_DATA);
        setHeaderMapper(headerMapper);
    }

    /** Called after the subscriptions were made on a connect that found this adapter started. */
    void whenSubscribed(Runnable listener) {
        this.whenSubscribed = listener;
    }

    /** Waits until the connection has called this adapter back at least once; whether it has. */
    boolean awaitConnectCallback(Duration timeout) throws InterruptedException {
        return connectCallback.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectComplete(boolean reconnect, @Nullable String serverURI) {
        // started: subscribes now (waiting for the SUBACK); not started yet: subscribes when it starts
        super.connectComplete(reconnect, serverURI);
        connectCallback.countDown();
        Runnable listener = whenSubscribed;
        if (isActive() && listener != null) {
            listener.run();
        }
    }
}
