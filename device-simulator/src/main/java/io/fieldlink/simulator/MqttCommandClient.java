package io.fieldlink.simulator;

import io.fieldlink.contracts.NoDelaySocketFactory;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandOutcome;
import io.fieldlink.contracts.DeviceCommandResponse;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT side of one simulated device's sprinkler (docs/commands.md, "MQTT protocol"): an MQTT 5 client of its
 * own (client id {@code fieldlink-sprinkler-<imsi>}, user name = the IMSI, the simulator's optional password) with
 * will {@code offline} (retained, QoS 1) on {@code devices/<imsi>/status}. Once connected it subscribes to
 * {@code devices/<imsi>/commands} with QoS 1 and only then publishes {@code online} (retained), so a service that
 * sends on {@code online} never sends into the void. Every {@link DeviceCommand} goes to the
 * {@link SprinklerActuator}, whose answers are published with QoS 1 on the command's response topic with its
 * correlation data.
 *
 * <p>Clean start: after a lost connection Paho reconnects by itself (1 s, doubling up to 30 s) and the client
 * subscribes and publishes {@code online} again; a first connection that fails is retried on the same schedule.
 * Closing publishes {@code offline} before disconnecting, since a normal disconnect drops the will.
 */
final class MqttCommandClient implements AutoCloseable {

    private static final System.Logger log = System.getLogger(MqttCommandClient.class.getName());

    static final String ONLINE = "online";
    static final String OFFLINE = "offline";
    static final int QOS = 1;
    private static final int MIN_RECONNECT_SECONDS = 1;
    private static final int MAX_RECONNECT_SECONDS = 30;
    private static final long DISCONNECT_TIMEOUT_MS = 500;

    private final SprinklerActuator sprinkler;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions connection;
    private final ScheduledExecutorService retries;
    private volatile boolean closed;
    private volatile boolean online;
    private int nextRetrySeconds = MIN_RECONNECT_SECONDS;

    MqttCommandClient(URI brokerUrl, String password, SprinklerActuator sprinkler, ScheduledExecutorService retries) {
        this.sprinkler = Objects.requireNonNull(sprinkler, "sprinkler");
        this.retries = Objects.requireNonNull(retries, "retries");
        String deviceId = sprinkler.deviceId();
        try {
            this.client = new MqttAsyncClient(brokerUrl.toString(), "fieldlink-sprinkler-" + deviceId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create an MQTT client for " + brokerUrl + ": " + e.getMessage(), e);
        }
        this.connection = new MqttConnectionOptions();
        connection.setCleanStart(true);
        if (NoDelaySocketFactory.appliesTo(brokerUrl.toString())) {
            connection.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        }
        connection.setAutomaticReconnect(true);
        connection.setAutomaticReconnectDelay(MIN_RECONNECT_SECONDS, MAX_RECONNECT_SECONDS);
        connection.setConnectionTimeout((int) FarmSimulator.REQUEST_TIMEOUT.toSeconds());
        connection.setKeepAliveInterval(30);
        connection.setUserName(deviceId);
        if (password != null) {
            connection.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        connection.setWill(statusTopic(deviceId), status(OFFLINE));
        client.setCallback(new Callback());
    }

    static String commandTopic(String deviceId) {
        return "devices/" + deviceId + "/commands";
    }

    static String statusTopic(String deviceId) {
        return "devices/" + deviceId + "/status";
    }

    /** Where a device answers a command that names no response topic (the one command-service sets). */
    static String defaultResponseTopic(String deviceId) {
        return "devices/" + deviceId + "/command-responses";
    }

    SprinklerActuator sprinkler() {
        return sprinkler;
    }

    /** Subscribed and {@code online} published (until the connection is lost). */
    boolean isOnline() {
        return online && client.isConnected();
    }

    /** Starts connecting in the background; returns at once. */
    void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(connection, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete subscribes; from now on Paho reconnects by itself
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    retryLater(error);
                }
            });
        } catch (MqttException | RuntimeException e) {
            retryLater(e);
        }
    }

    /** A first connection that failed: Paho reconnects automatically only after a first success. */
    private synchronized void retryLater(Throwable error) {
        if (closed) {
            return;
        }
        int delay = nextRetrySeconds;
        nextRetrySeconds = Math.min(MAX_RECONNECT_SECONDS, nextRetrySeconds * 2);
        log.log(System.Logger.Level.DEBUG, () -> "sprinkler " + sprinkler.deviceId() + " cannot connect ("
                + error.getMessage() + "), next try in " + delay + " s");
        try {
            retries.schedule(this::connect, delay, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            // the simulator is stopping
        }
    }

    private void subscribeThenAnnounce() {
        String deviceId = sprinkler.deviceId();
        try {
            client.subscribe(commandTopic(deviceId), QOS, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    try {
                        client.publish(statusTopic(deviceId), status(ONLINE), null, new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken published) {
                                online = true;
                            }

                            @Override
                            public void onFailure(IMqttToken published, Throwable error) {
                                warn("cannot publish online", error);
                            }
                        });
                    } catch (MqttException | RuntimeException e) {
                        warn("cannot publish online", e);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    warn("cannot subscribe to " + commandTopic(deviceId), error);
                }
            });
        } catch (MqttException | RuntimeException e) {
            warn("cannot subscribe to " + commandTopic(deviceId), e);
        }
    }

    /** One message on the command topic: read the command, let the sprinkler answer, publish the answers. */
    void onCommand(MqttMessage message) {
        MqttProperties properties = message.getProperties();
        String responseTopic = properties != null && properties.getResponseTopic() != null
                ? properties.getResponseTopic() : defaultResponseTopic(sprinkler.deviceId());
        byte[] correlation = properties == null ? null : properties.getCorrelationData();
        DeviceCommand command;
        try {
            command = ContractJson.read(message.getPayload(), DeviceCommand.class);
        } catch (RuntimeException e) {
            // without a readable command id the correlation data (= the command id) is all we can answer to
            if (correlation != null) {
                publish(responseTopic, correlation, new DeviceCommandResponse(new String(correlation, StandardCharsets.UTF_8),
                        DeviceCommandOutcome.FAILED, Map.of(), "unreadable command: " + e.getMessage(), null));
            } else {
                warn("dropped an unreadable command", e);
            }
            return;
        }
        byte[] answerCorrelation = correlation != null ? correlation : command.commandId().getBytes(StandardCharsets.UTF_8);
        sprinkler.handle(command, response -> publish(responseTopic, answerCorrelation, response));
    }

    private void publish(String topic, byte[] correlation, DeviceCommandResponse response) {
        MqttMessage answer = new MqttMessage(ContractJson.write(response));
        answer.setQos(QOS);
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData(correlation);
        properties.setContentType("application/json");
        answer.setProperties(properties);
        try {
            client.publish(topic, answer); // asynchronous: in order on the connection, never blocks the callback
        } catch (MqttException | RuntimeException e) {
            warn("cannot answer " + response.outcome().wireName() + " to command " + response.commandId(), e);
        }
    }

    private static MqttMessage status(String status) {
        MqttMessage message = new MqttMessage(status.getBytes(StandardCharsets.UTF_8));
        message.setQos(QOS);
        message.setRetained(true);
        return message;
    }

    private void warn(String what, Throwable error) {
        if (!closed) {
            log.log(System.Logger.Level.WARNING, "sprinkler " + sprinkler.deviceId() + ": " + what + ": " + error);
        }
    }

    /** Publishes {@code offline}, disconnects and releases the client. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        online = false;
        try {
            if (client.isConnected()) {
                client.publish(statusTopic(sprinkler.deviceId()), status(OFFLINE))
                        .waitForCompletion(Duration.ofSeconds(2).toMillis());
                client.disconnect(DISCONNECT_TIMEOUT_MS).waitForCompletion(DISCONNECT_TIMEOUT_MS * 2);
            }
        } catch (MqttException | RuntimeException e) {
            // closing anyway; the broker publishes the will when the socket goes
        }
        try {
            client.disconnectForcibly(0, DISCONNECT_TIMEOUT_MS, false);
        } catch (MqttException | RuntimeException e) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // nothing more to release
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            synchronized (MqttCommandClient.this) {
                nextRetrySeconds = MIN_RECONNECT_SECONDS;
            }
            subscribeThenAnnounce();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                onCommand(message);
            } catch (RuntimeException e) {
                // an exception here would make Paho drop the connection
                warn("cannot handle a command", e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse disconnectResponse) {
            online = false;
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            warn("MQTT error", exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
