package io.fieldlink.ingest.mqtt;

import io.fieldlink.contracts.NoDelaySocketFactory;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.support.MqttHeaderMapper;
import org.springframework.integration.mqtt.support.MqttHeaders;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * MQTT ingest, only with {@code fieldlink.ingest.mqtt.enabled=true}: Spring Integration's MQTT v5
 * inbound adapter (Paho v5) on a shared subscription of the device topics, a direct channel to
 * {@link MqttTelemetryHandler}, manual acknowledgements. Spring Integration itself is configured by
 * Boot ({@code spring-boot-starter-integration}). Described in docs/ingest.md, section MQTT.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("fieldlink.ingest.mqtt.enabled")
public class MqttIngestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MqttIngestConfiguration.class);

    /** Unacknowledged messages the broker may have in flight to this client at once. */
    static final int RECEIVE_MAXIMUM = 100;
    /** Longest pause between two automatic reconnect attempts (Paho doubles it from 1 s). */
    static final int MAX_RECONNECT_DELAY_MS = 30_000;
    /** Longest wait for the DISCONNECT packet to be written before the socket is closed anyway. */
    static final long DISCONNECT_TIMEOUT_MS = 1_000;

    @Bean
    MqttTopicScheme mqttTopicScheme(IngestProperties properties) {
        return MqttTopicScheme.of(properties.mqtt().topicPattern(), properties.mqtt().tenants());
    }

    /**
     * Payloads are read like every entry point's: JSON, else the device's binary format, else
     * {@code fieldlink.ingest.mqtt.format}; poison messages go to {@link IngestDeadLetters}.
     */
    @Bean
    MqttTelemetryHandler mqttTelemetryHandler(MqttTopicScheme scheme, BinaryFormats formats, TelemetryIngest ingest,
                                              IngestDeadLetters deadLetters, IngestMetrics metrics,
                                              IngestProperties properties) {
        String format = properties.mqtt().format();
        if (format != null && formats.named(format).isEmpty()) {
            throw new IllegalArgumentException("fieldlink.ingest.mqtt.format names binary format '" + format
                    + "', which is not configured (fieldlink.ingest.binary.formats)");
        }
        return new MqttTelemetryHandler(scheme, formats, format, ingest, deadLetters, metrics,
                properties.maxBodySize().toBytes());
    }

    @Bean
    MqttInboundAdapter mqttInboundAdapter(IngestProperties properties, MqttTopicScheme scheme) {
        IngestProperties.Mqtt mqtt = properties.mqtt();
        String clientId = mqtt.clientId().isEmpty() ? randomClientId() : mqtt.clientId();
        String subscription = scheme.sharedSubscription(mqtt.sharedGroup());
        MqttInboundAdapter adapter = new MqttInboundAdapter(connectionOptions(mqtt), clientId,
                new MqttSubscription(subscription, mqtt.qos()));
        adapter.setManualAcks(true);
        adapter.setCompletionTimeout(mqtt.completionTimeout().toMillis());
        // on stop, let the message in hand finish (at most one Kafka wait); Paho's DISCONNECT then
        // needs no long wait (nothing answers it)
        adapter.setQuiescentTimeout(properties.publishTimeout().plusSeconds(1).toMillis());
        adapter.setDisconnectCompletionTimeout(DISCONNECT_TIMEOUT_MS);
        adapter.setPayloadType(byte[].class);
        // only the correlation data: user properties (any name a device likes) do not become headers
        MqttHeaderMapper headerMapper = new MqttHeaderMapper();
        headerMapper.setInboundHeaderNames(MqttHeaders.CORRELATION_DATA);
        adapter.setHeaderMapper(headerMapper);
        log.info("MQTT ingest: {} as client {}{} subscribing to {} (QoS {}, session expiry {})", mqtt.url(), clientId,
                mqtt.username() == null || mqtt.username().isEmpty() ? "" : " (user " + mqtt.username() + ")",
                subscription, mqtt.qos(), mqtt.sessionExpiry());
        return adapter;
    }

    @Bean
    IntegrationFlow mqttTelemetryFlow(MqttInboundAdapter mqttInboundAdapter, MqttTelemetryHandler mqttTelemetryHandler) {
        return IntegrationFlow.from(mqttInboundAdapter).handle(mqttTelemetryHandler).get();
    }

    static MqttConnectionOptions connectionOptions(IngestProperties.Mqtt mqtt) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(new String[] {mqtt.url()});
        if (NoDelaySocketFactory.appliesTo(mqtt.url())) {
            // Nagle would hold each PUBACK for the delayed ACK of the device's side (~40 ms on loopback)
            options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        }
        // a persistent session: what was not acknowledged is sent again after a reconnect
        options.setCleanStart(false);
        options.setSessionExpiryInterval(mqtt.sessionExpiry().toSeconds());
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MS);
        options.setConnectionTimeout((int) Math.max(1, mqtt.completionTimeout().toSeconds()));
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        if (mqtt.username() != null && !mqtt.username().isEmpty()) {
            options.setUserName(mqtt.username());
        }
        if (mqtt.password() != null && !mqtt.password().isEmpty()) {
            options.setPassword(mqtt.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    static String randomClientId() {
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        return "fieldlink-ingest-" + HexFormat.of().formatHex(suffix);
    }
}
