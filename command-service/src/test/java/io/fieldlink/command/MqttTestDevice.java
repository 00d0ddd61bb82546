package io.fieldlink.command;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;

/**
 * The device side of docs/commands.md, "MQTT protocol", for integration tests, written with the Paho v5 client: will
 * {@code offline} (retained) on {@code devices/<id>/status}, subscribed to {@code devices/<id>/commands} (QoS 1,
 * clean start). Subclasses decide what a command does in {@link #messageArrived} and answer with {@link #answer}.
 */
public abstract class MqttTestDevice implements MqttCallback, AutoCloseable {

    public final String id;
    protected final MqttAsyncClient client;

    protected MqttTestDevice(String id, String url, String clientIdPrefix) throws MqttException {
        this.id = id;
        client = new MqttAsyncClient(url, clientIdPrefix + id, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        MqttMessage will = new MqttMessage(utf8("offline"));
        will.setQos(1);
        will.setRetained(true);
        options.setWill("devices/" + id + "/status", will);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe("devices/" + id + "/commands", 1).waitForCompletion(10_000);
    }

    /** Publishes a status ({@code online}, {@code offline}), retained, and waits for the broker's ack. */
    public void status(String status) throws MqttException {
        MqttMessage message = new MqttMessage(utf8(status));
        message.setQos(1);
        message.setRetained(true);
        client.publish("devices/" + id + "/status", message).waitForCompletion(10_000);
    }

    /**
     * Answers a command on its response topic with its correlation data; not waited for (callers may be on the
     * client's callback thread).
     */
    protected void answer(MqttProperties request, byte[] payload) throws MqttException {
        MqttMessage answer = new MqttMessage(payload);
        answer.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData(request.getCorrelationData());
        answer.setProperties(properties);
        client.publish(request.getResponseTopic(), answer);
    }

    protected static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() {
        try {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        } catch (MqttException e) {
            // the broker drops the session anyway
        }
    }
}
