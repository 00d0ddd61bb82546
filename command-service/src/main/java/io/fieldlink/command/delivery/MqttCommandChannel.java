package io.fieldlink.command.delivery;

import io.fieldlink.contracts.NoDelaySocketFactory;
import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommand;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Commands over MQTT 5 (docs/commands.md, "MQTT protocol"): publishes each {@link DeviceCommand} with QoS 1 to
 * {@code devices/{id}/commands} with the response topic, the command id as correlation data, the message expiry and
 * the content type, and subscribes to the devices' answers and status, which go to {@link DeviceMessages}.
 *
 * <p>The Paho v5 client directly, not Spring Integration's {@code Mqttv5PahoMessageHandler}: a send must return at
 * once (the book is locked) and report a failed publish for that very command; Paho's per-publish
 * {@link MqttActionListener} gives exactly that, where the handler reports asynchronous outcomes only as application
 * events. One connection carries both directions. Clean start: subscriptions are made on every (re)connect, and the
 * retained status of every device arrives again with them, so a device that went offline while the service was
 * disconnected is known as such.
 */
final class MqttCommandChannel implements MqttCallback, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttCommandChannel.class);
    private static final int MAX_RECONNECT_DELAY_MS = 30_000;
    private static final int RECEIVE_MAXIMUM = 100;

    private final CommandProperties.Mqtt settings;
    private final MqttAsyncClient client;
    private final SendFailures failures;
    private final CommandMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "command-mqtt-connect");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    /** Devices whose command found the service disconnected: released when it is connected again. */
    private final Set<String> heldWhileDisconnected = ConcurrentHashMap.newKeySet();
    private volatile DeviceMessages inbound;
    private volatile boolean closed;

    MqttCommandChannel(CommandProperties.Mqtt settings, SendFailures failures, CommandMetrics metrics, Clock clock) {
        this.settings = settings;
        this.failures = failures;
        this.metrics = metrics;
        this.clock = clock;
        String clientId = settings.clientId().isEmpty() ? randomClientId() : settings.clientId();
        try {
            this.client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("fieldlink.commands.mqtt: cannot create a client for " + settings.url(), e);
        }
        client.setCallback(this);
    }

    /**
     * Connects and subscribes; answers and status go to {@code messages}. A broker that is not reachable yet is
     * retried with back-off in the background (Paho's automatic reconnect takes over once connected).
     */
    void start(DeviceMessages messages) {
        this.inbound = messages;
        log.info("MQTT commands: {} as client {}{}", settings.url(), client.getClientId(),
                settings.username().isEmpty() ? "" : " (user " + settings.username() + ")");
        connector.execute(() -> connect(Duration.ofMillis(500)));
    }

    boolean connected() {
        return client.isConnected();
    }

    /** Waits until the first connection is made and subscribed, at most {@code timeout}; whether it was. */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        return firstConnection.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connect(Duration backoff) {
        if (closed) {
            return;
        }
        try {
            client.connect(options()).waitForCompletion(settings.connectTimeout().toMillis());
        } catch (MqttException e) {
            Duration next = backoff.multipliedBy(2).toMillis() > MAX_RECONNECT_DELAY_MS
                    ? Duration.ofMillis(MAX_RECONNECT_DELAY_MS) : backoff.multipliedBy(2);
            log.warn("MQTT broker {} not reachable, retrying in {}: {}", settings.url(), backoff, e.toString());
            connector.schedule(() -> connect(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(new String[] {settings.url()});
        if (NoDelaySocketFactory.appliesTo(settings.url())) {
            options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        }
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MS);
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
        }
        if (!settings.password().isEmpty()) {
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
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
        if (!client.isConnected()) {
            metrics.publishFailure();
            heldWhileDisconnected.add(dispatch.deviceId());
            failures.unreachable(dispatch.deviceId());
            if (client.isConnected() && heldWhileDisconnected.remove(dispatch.deviceId())) {
                // connected in between: connectComplete may have missed this device
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

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        log.info("MQTT commands {}connected to {}", reconnect ? "re" : "", serverURI);
        String prefix = settings.topicPrefix();
        try {
            client.subscribe(new MqttSubscription[] {
                    new MqttSubscription(prefix + "/+/" + DeviceMessages.RESPONSES, 1),
                    new MqttSubscription(prefix + "/+/" + DeviceMessages.STATUS, 1)}, null, null, new MqttProperties());
        } catch (MqttException e) {
            log.error("MQTT subscription failed; answers and status are not received until the next reconnect", e);
        }
        firstConnection.countDown();
        for (String deviceId : List.copyOf(heldWhileDisconnected)) {
            if (heldWhileDisconnected.remove(deviceId)) {
                failures.reachable(deviceId);
            }
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        DeviceMessages messages = inbound;
        if (messages == null) {
            return;
        }
        byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
        try {
            messages.handle(topic, message.getPayload(), correlation, message.isRetained());
        } catch (RuntimeException e) {
            // never into Paho: it would drop the connection
            log.warn("Handling a message on {} failed: {}", topic, e.toString());
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        log.warn("MQTT commands disconnected: {}", response.getReasonString());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("MQTT commands error: {}", exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.toString());
        }
    }

    static String randomClientId() {
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        return "fieldlink-commands-" + HexFormat.of().formatHex(suffix);
    }
}
