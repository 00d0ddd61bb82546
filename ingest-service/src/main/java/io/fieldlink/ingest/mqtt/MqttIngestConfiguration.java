package io.fieldlink.ingest.mqtt;

import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.support.MqttHeaderMapper;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * MQTT ingest, only with {@code fieldlink.ingest.mqtt.enabled=true}: Spring Integration's MQTT v5
 * inbound adapter (Paho v5) on a shared subscription of the device topics, a direct channel to
 * {@link MqttTelemetryHandler}, manual acknowledgements, and a producer for the dead-letter topic.
 * Described in docs/ingest.md, section MQTT.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("fieldlink.ingest.mqtt.enabled")
@EnableIntegration
public class MqttIngestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MqttIngestConfiguration.class);

    /** Unacknowledged messages the broker may have in flight to this client at once. */
    static final int RECEIVE_MAXIMUM = 100;
    /** Longest pause between two automatic reconnect attempts (Paho doubles it from 1 s). */
    static final int MAX_RECONNECT_DELAY_MS = 30_000;
    /** Longest wait for the DISCONNECT packet to be written before the socket is closed anyway. */
    static final long DISCONNECT_TIMEOUT_MS = 1_000;

    /**
     * {@code iot.ingest.dlq.v1}, created on startup when absent like the telemetry topic (same
     * partitions; replication = the broker's default): a missing dead-letter topic would keep poison
     * messages unacknowledged.
     */
    @Bean
    NewTopic ingestDeadLetterTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.INGEST_DLQ.name()).partitions(properties.topicPartitions()).build();
    }

    @Bean
    MqttTopicScheme mqttTopicScheme(IngestProperties properties) {
        return MqttTopicScheme.of(properties.mqtt().topicPattern(), properties.mqtt().tenants());
    }

    /**
     * Same settings as the telemetry producer (acks=all, idempotence, timeouts), raw byte values. Not
     * a {@code ProducerFactory} bean: that would make Boot's own producer factory back off.
     */
    @Bean
    MqttDeadLetters mqttDeadLetters(ProducerFactory<?, ?> telemetryProducerFactory, IngestProperties properties) {
        Map<String, Object> config = new HashMap<>(telemetryProducerFactory.getConfigurationProperties());
        Object clientId = config.get(ProducerConfig.CLIENT_ID_CONFIG);
        if (clientId != null && !clientId.toString().isBlank()) {
            config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-mqtt-dlq");
        }
        var factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        return new MqttDeadLetters(factory, properties.publishTimeout());
    }

    /** A {@link MqttPayloadDecoder} bean, when there is one, else the default that refuses binary payloads. */
    @Bean
    MqttTelemetryHandler mqttTelemetryHandler(MqttTopicScheme scheme, ObjectProvider<MqttPayloadDecoder> decoder,
                                              TelemetryIngest ingest, MqttDeadLetters deadLetters,
                                              IngestMetrics metrics, IngestProperties properties) {
        return new MqttTelemetryHandler(scheme, decoder.getIfAvailable(MqttPayloadDecoder::rejectingBinary), ingest,
                deadLetters, metrics, properties.maxBodySize().toBytes());
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
