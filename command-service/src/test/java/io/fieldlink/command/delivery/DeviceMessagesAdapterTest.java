package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandProperties;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.springframework.integration.channel.DirectChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Integration's adapter puts into a message (the received topic, the retained flag, the MQTT 5
 * correlation data as headers) reaches {@link DeviceMessages#handle} through {@link DeviceMessageHandler}.
 */
class DeviceMessagesAdapterTest {

    record Handled(String topic, String payload, String correlation, boolean retained) {
    }

    final List<Handled> handled = new ArrayList<>();
    final DeviceMessagesAdapter adapter = new DeviceMessagesAdapter(
            MqttConnection.of(CommandProperties.Mqtt.defaults()), "devices");

    DeviceMessagesAdapterTest() {
        DirectChannel channel = new DirectChannel();
        channel.subscribe(new DeviceMessageHandler((topic, payload, correlation, retained) -> handled.add(new Handled(
                topic, utf8(payload), correlation == null ? null : utf8(correlation), retained))));
        adapter.setOutputChannel(channel);
    }

    @Test
    void anAnswerArrivesWithItsTopicAndCorrelationData() {
        MqttMessage answer = new MqttMessage("{\"commandId\":\"c1\"}".getBytes(StandardCharsets.UTF_8));
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData("c1".getBytes(StandardCharsets.UTF_8));
        properties.setUserProperties(List.of(new UserProperty("anything", "ignored")));
        answer.setProperties(properties);

        adapter.messageArrived("devices/a-1/command-responses", answer);

        assertThat(handled).containsExactly(
                new Handled("devices/a-1/command-responses", "{\"commandId\":\"c1\"}", "c1", false));
    }

    @Test
    void aRetainedStatusArrivesAsRetainedWithoutCorrelationData() {
        MqttMessage status = received("offline");
        status.setRetained(true);

        adapter.messageArrived("devices/a-1/status", status);

        assertThat(handled).containsExactly(new Handled("devices/a-1/status", "offline", null, true));
    }

    @Test
    void aFailingHandlerDoesNotThrowBackIntoPaho() {
        DirectChannel channel = new DirectChannel();
        channel.subscribe(new DeviceMessageHandler((topic, payload, correlation, retained) -> {
            throw new IllegalStateException("book refused");
        }));
        adapter.setOutputChannel(channel);

        adapter.messageArrived("devices/a-1/status", received("online"));
    }

    @Test
    void itSubscribesToAnswersAndStatusWithQos1UnderThePrefix() {
        DeviceMessagesAdapter other = new DeviceMessagesAdapter(MqttConnection.of(CommandProperties.Mqtt.defaults()),
                "farm");

        assertThat(other.getTopic()).containsExactly("farm/+/command-responses", "farm/+/status");
        assertThat(other.getQos()).containsExactly(1, 1);
    }

    /** As Paho hands a received PUBLISH over: always with (maybe empty) MQTT 5 properties. */
    private static MqttMessage received(String payload) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setProperties(new MqttProperties());
        return message;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
