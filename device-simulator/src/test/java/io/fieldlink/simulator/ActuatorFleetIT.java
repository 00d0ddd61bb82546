package io.fieldlink.simulator;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.testsupport.MqttBrokerExtension;
import io.fieldlink.testsupport.WithMqttBroker;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The public entry point the command benchmark uses: a fleet of bare sprinklers reports when all are connected
 * (MQTT, real HiveMQ) or registered (LwM2M, a bare Leshan server), and its devices act on commands.
 */
@WithMqttBroker
class ActuatorFleetIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static List<String> ids(int count) {
        String prefix = "2956" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + String.format("%04d", i)).toList();
    }

    @Test
    void mqttSprinklersAllComeOnlineAndObeyACommand() throws Exception {
        List<String> ids = ids(3);
        try (ActuatorFleet fleet = ActuatorFleet.mqtt(URI.create(MqttBrokerExtension.node().url()), ids).start()) {
            await().atMost(WAIT).until(() -> fleet.ready() == 3);
            assertThat(fleet.switches()).isZero();

            MqttClient service = new MqttClient(MqttBrokerExtension.node().url(), "fleet-it-" + ids.getFirst(),
                    new MemoryPersistence());
            service.connect(new MqttConnectionOptions());
            try {
                MqttMessage command = new MqttMessage(ContractJson.write(new DeviceCommand("c-fleet", "sprinkler",
                        Map.of("state", "on"), Instant.now().plusSeconds(60))));
                command.setQos(1);
                MqttProperties properties = new MqttProperties();
                properties.setResponseTopic("fleet-it/" + ids.get(1) + "/responses");
                properties.setCorrelationData("c-fleet".getBytes(StandardCharsets.UTF_8));
                command.setProperties(properties);
                service.publish(MqttCommandClient.commandTopic(ids.get(1)), command);
            } finally {
                service.disconnect();
                service.close();
            }
            await().atMost(WAIT).until(() -> fleet.switches() == 1);
        }
    }

    @Test
    void lwm2mClientsAllRegisterAndTheirSprinklerObeysAWrite() throws Exception {
        List<String> ids = ids(2);
        try (Lwm2mServerNode server = new Lwm2mServerNode();
             ActuatorFleet fleet = ActuatorFleet.lwm2m(Lwm2mOptions.of(server.coap()), ids).start()) {
            await().atMost(WAIT).until(() -> fleet.ready() == 2);
            assertThat(ids).allMatch(id -> server.registration(id) != null);

            WriteResponse written = server.server().send(server.registration(ids.getFirst()),
                    new WriteRequest(Lwm2mModels.ACTUATION, 0, Lwm2mModels.ON_OFF, true), 5_000);
            assertThat(written.isSuccess()).as(String.valueOf(written)).isTrue();
            assertThat(fleet.switches()).isEqualTo(1);
        }
    }

    @Test
    void deviceIdsMustBeUnique() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActuatorFleet.mqtt(URI.create("tcp://127.0.0.1:1"),
                List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
    }
}
