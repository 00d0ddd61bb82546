package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

import java.time.Clock;

/**
 * MQTT command delivery, only with {@code fieldlink.commands.mqtt.enabled=true}, on Spring Integration MQTT (Boot's
 * {@code spring-boot-starter-integration}): one {@link MqttConnection} client manager; the inbound adapter on it
 * flows into {@link DeviceMessages}; {@link MqttCommandChannel} publishes through the same connection. Nothing of it
 * starts with the context: {@link CommandStartup} starts it after the journal replay. Described in
 * docs/commands.md, "MQTT delivery".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("fieldlink.commands.mqtt.enabled")
class MqttDeliveryConfiguration {

    @Bean
    MqttConnection commandMqttConnection(CommandProperties properties) {
        return MqttConnection.of(properties.mqtt());
    }

    @Bean
    DeviceMessagesAdapter deviceMessagesAdapter(MqttConnection commandMqttConnection, CommandProperties properties) {
        DeviceMessagesAdapter adapter = new DeviceMessagesAdapter(commandMqttConnection, properties.mqtt().topicPrefix());
        adapter.setCompletionTimeout(properties.mqtt().connectTimeout().toMillis());
        // with clean start, stopping unsubscribes first: no long wait for it when the broker is gone
        adapter.setDisconnectCompletionTimeout(MqttConnection.DISCONNECT_TIMEOUT_MS);
        return adapter;
    }

    @Bean
    IntegrationFlow deviceMessagesFlow(DeviceMessagesAdapter deviceMessagesAdapter, DeviceMessages deviceMessages) {
        return IntegrationFlow.from(deviceMessagesAdapter)
                .handle(new DeviceMessageHandler(deviceMessages::handle))
                .get();
    }

    @Bean(destroyMethod = "close")
    MqttCommandChannel mqttCommandChannel(CommandProperties properties, MqttConnection commandMqttConnection,
                                          DeviceMessagesAdapter deviceMessagesAdapter, SendFailures failures,
                                          CommandMetrics metrics, ObjectProvider<Clock> clock) {
        return new MqttCommandChannel(properties.mqtt(), commandMqttConnection, deviceMessagesAdapter, failures,
                metrics, clock.getIfAvailable(Clock::systemUTC));
    }
}
