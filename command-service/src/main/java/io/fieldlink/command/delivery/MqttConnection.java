package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The one MQTT connection of command delivery, shared by both directions: Spring Integration's client manager
 * (Paho v5). Paho's automatic reconnect (1 s doubling up to 30 s) keeps it up, also when the broker is not there at
 * the first start. Not started with the context but by {@link MqttCommandChannel#start()}, after the journal replay:
 * answers and status need the replayed book.
 */
final class MqttConnection extends Mqttv5ClientManager {

    static final int MAX_RECONNECT_DELAY_MS = 30_000;
    /** QoS 1 messages the broker may have in flight to this client at once (answers and statuses of a burst). */
    static final int RECEIVE_MAXIMUM = 100;
    /** Longest wait for in-flight work and for the DISCONNECT packet when the connection is closed. */
    static final long DISCONNECT_TIMEOUT_MS = 1_000;

    private MqttConnection(MqttConnectionOptions options, String clientId) {
        super(options, clientId);
    }

    static MqttConnection of(CommandProperties.Mqtt settings) {
        MqttConnection connection = new MqttConnection(options(settings),
                settings.clientId().isEmpty() ? randomClientId() : settings.clientId());
        // not Paho's default file persistence in the working directory: in-flight QoS 1 state dies with the process
        // anyway (clean start), the book resends what was not answered
        connection.setPersistence(new MemoryPersistence());
        connection.setCompletionTimeout(settings.connectTimeout().toMillis());
        connection.setQuiescentTimeout(DISCONNECT_TIMEOUT_MS);
        connection.setDisconnectCompletionTimeout(DISCONNECT_TIMEOUT_MS);
        return connection;
    }

    static MqttConnectionOptions options(CommandProperties.Mqtt settings) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(new String[] {settings.url()});
        if (NoDelaySocketFactory.appliesTo(settings.url())) {
            // Nagle would hold each small publish for the delayed ACK of the broker's side (~40 ms on loopback)
            options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        }
        // clean start: subscriptions are made again on every (re)connect, and every device's retained status comes
        // with them, so a device that went offline while the service was disconnected is known as such
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

    /** Started by {@link MqttCommandChannel#start()} once the book is loaded. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    static String randomClientId() {
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        return "fieldlink-commands-" + HexFormat.of().formatHex(suffix);
    }
}
