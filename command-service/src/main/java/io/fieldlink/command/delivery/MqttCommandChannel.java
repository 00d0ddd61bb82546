package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommand;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Commands over MQTT 5 (docs/commands.md, "MQTT delivery"): publishes each {@link DeviceCommand} with QoS 1 to
 * {@code devices/{id}/commands} with the response topic, the command id as correlation data, the message expiry and
 * the content type; the devices' answers and status come in through {@link DeviceMessagesAdapter}. One connection,
 * Spring Integration's {@link MqttConnection} client manager, carries both directions.
 *
 * <p>Publishing goes through the client manager's Paho client with a per-publish {@link MqttActionListener}, not
 * through Spring Integration's {@code Mqttv5PahoMessageHandler}: a send must return at once (the book is locked)
 * and a publish that fails must be reported for that very command. The handler reports asynchronous outcomes only
 * as application events keyed by Paho's message id (reused, and the "sent" event is published after the publish
 * call, so a failure can arrive before it), and when it finds the client disconnected it connects it itself,
 * blocking the caller in a loop, next to Paho's own reconnect of the shared connection.
 */
final class MqttCommandChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttCommandChannel.class);

    private final CommandProperties.Mqtt settings;
    private final MqttConnection connection;
    private final DeviceMessagesAdapter inbound;
    private final SendFailures failures;
    private final CommandMetrics metrics;
    private final Clock clock;
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    /** Devices whose command found the service disconnected: released when it is connected (and subscribed) again. */
    private final Set<String> heldWhileDisconnected = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    MqttCommandChannel(CommandProperties.Mqtt settings, MqttConnection connection, DeviceMessagesAdapter inbound,
                       SendFailures failures, CommandMetrics metrics, Clock clock) {
        this.settings = settings;
        this.connection = connection;
        this.inbound = inbound;
        this.failures = failures;
        this.metrics = metrics;
        this.clock = clock;
        inbound.whenSubscribed(this::subscribed);
    }

    /**
     * Connects (at most the connect timeout) and subscribes. A broker that is not reachable yet is retried with
     * back-off in the background by Paho's automatic reconnect; the adapter subscribes when it succeeds.
     */
    void start() throws InterruptedException {
        if (closed) {
            return;
        }
        log.info("MQTT commands: {} as client {}{}", settings.url(), connection.getClientId(),
                settings.username().isEmpty() ? "" : " (user " + settings.username() + ")");
        connection.start();
        boolean connectedNow = connection.isConnected();
        if (connectedNow) {
            inbound.awaitConnectCallback(settings.connectTimeout());
        } else {
            log.warn("MQTT broker {} not reachable yet; Paho retries with back-off (1 s doubling up to {} ms)",
                    settings.url(), MqttConnection.MAX_RECONNECT_DELAY_MS);
        }
        inbound.start();
        if (connectedNow) {
            subscribed();
        }
    }

    boolean connected() {
        return connection.isConnected();
    }

    /** Waits until the first connection is made and subscribed, at most {@code timeout}; whether it was. */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        return firstConnection.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connected and subscribed (first time or again): what was held while disconnected goes out now. */
    private void subscribed() {
        if (firstConnection.getCount() > 0) {
            log.info("MQTT commands connected to {}", settings.url());
        } else {
            log.info("MQTT commands reconnected to {}", settings.url());
        }
        firstConnection.countDown();
        for (String deviceId : List.copyOf(heldWhileDisconnected)) {
            if (heldWhileDisconnected.remove(deviceId)) {
                failures.reachable(deviceId);
            }
        }
    }

    /**
     * Publishes one attempt and returns at once. Not connected: the device is held as offline (no attempt is spent on
     * the service's own outage) until the connection is back. A publish Paho refuses on the spot: an exception (the
     * book retries the attempt); a publish that fails later is reported through {@link SendFailures}.
     */
    void send(CommandDispatch dispatch) {
        DeviceCommand command = dispatch.command();
        String topic = settings.topicPrefix() + "/" + dispatch.deviceId() + "/commands";
        MqttMessage message = new MqttMessage(ContractJson.write(command));
        message.setQos(1);
        message.setRetained(false);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(settings.topicPrefix() + "/" + dispatch.deviceId() + "/" + DeviceMessages.RESPONSES);
        properties.setCorrelationData(command.commandId().getBytes(StandardCharsets.UTF_8));
        properties.setContentType("application/json");
        properties.setMessageExpiryInterval(expirySeconds(command));
        message.setProperties(properties);
        IMqttAsyncClient client = connection.getClient();
        if (client == null || !client.isConnected()) {
            metrics.publishFailure();
            heldWhileDisconnected.add(dispatch.deviceId());
            failures.unreachable(dispatch.deviceId());
            if (connection.isConnected() && heldWhileDisconnected.remove(dispatch.deviceId())) {
                // connected in between: the reconnect's release may have missed this device
                failures.reachable(dispatch.deviceId());
            }
            return;
        }
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // the broker has it; the device's delivered answer is the ack the book waits for
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    metrics.publishFailure();
                    failures.report(command.commandId(), "MQTT publish failed: " + failure, false);
                }
            });
        } catch (MqttException e) {
            metrics.publishFailure();
            throw new IllegalStateException("MQTT publish refused: " + e.getMessage(), e);
        }
    }

    /** Seconds left until the command expires, at least 1: the broker drops it for a device that comes too late. */
    long expirySeconds(DeviceCommand command) {
        if (command.expiresAt() == null) {
            return 0;
        }
        long millis = Duration.between(clock.instant(), command.expiresAt()).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * Unsubscribes and disconnects; also done by the context's lifecycle stop before this runs, so each step only
     * when still running.
     */
    @Override
    public void close() {
        closed = true;
        try {
            if (inbound.isRunning()) {
                inbound.stop();
            }
        } catch (RuntimeException e) {
            log.debug("MQTT inbound stop: {}", e.toString());
        }
        if (connection.isRunning()) {
            connection.stop();
        }
    }
}
