package io.fieldlink.ingest.mqtt;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The adapter without a broker: what Paho's callback thread sees when it delivers a message. */
class MqttInboundAdapterTest {

    private final List<Message<?>> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<Message<?>> handler = received::add;
    private MqttInboundAdapter adapter;

    @BeforeEach
    void setUp() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(new String[] {"tcp://127.0.0.1:1"});
        adapter = new MqttInboundAdapter(options, "unit-test", new MqttSubscription("$share/g/devices/+/telemetry", 1));
        DirectChannel channel = new DirectChannel();
        channel.subscribe(message -> handler.accept(message));
        adapter.setOutputChannel(channel);
        adapter.setManualAcks(true);
        adapter.setMessageConverter(new CompositeMessageConverter(List.of(new StringMessageConverter())));
        adapter.setBeanFactory(new DefaultListableBeanFactory());
        adapter.afterPropertiesSet();
    }

    @AfterEach
    void tearDown() {
        adapter.destroy();
    }

    private static MqttMessage message(int b) {
        return new MqttMessage(new byte[] {(byte) b}, 1, false, new MqttProperties());
    }

    @Test
    void passesTheRawPayloadTopicAndAnAcknowledgmentCallback() {
        MqttMessage message = new MqttMessage(new byte[] {1, 2, 3}, 1, false, new MqttProperties());
        message.setId(42);

        adapter.messageArrived("devices/1/telemetry", message);

        assertThat(received).singleElement().satisfies(m -> {
            assertThat(m.getPayload()).isEqualTo(new byte[] {1, 2, 3});
            assertThat(m.getHeaders().get(MqttHeaders.RECEIVED_TOPIC)).isEqualTo("devices/1/telemetry");
            assertThat(m.getHeaders().get(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK))
                    .isInstanceOf(SimpleAcknowledgment.class);
        });
    }

    @Test
    void aRedeliveryRequestStopsTakingMessagesUntilTheReconnect() {
        handler = message -> MqttInboundAdapter.requestRedelivery();

        adapter.messageArrived("devices/1/telemetry", message(1));

        assertThat(adapter.isReconnecting()).isTrue();
        // meanwhile nothing is handed on (nor acknowledged): the broker sends it again after the reconnect
        handler = received::add;
        adapter.messageArrived("devices/1/telemetry", message(2));
        assertThat(received).isEmpty();
        // (not running here, so the reconnect only ends the pause)
        await().atMost(Duration.ofSeconds(10)).until(() -> !adapter.isReconnecting());
        adapter.messageArrived("devices/1/telemetry", message(3));
        assertThat(received).hasSize(1);
        assertThat(MqttInboundAdapter.takeRedeliveryRequest()).isFalse();
    }
}
