package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MqttBrokerNodeTest {

    private static Path dataDir;
    private static MqttBrokerNode broker;

    @BeforeAll
    static void startBroker() {
        dataDir = DataDirs.newTempDir("mqtt-node-test");
        broker = new MqttBrokerNode(dataDir, 0).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        DataDirs.deleteRecursively(dataDir);
    }

    @Test
    void publishSubscribeRoundTripWithMqtt5() throws Exception {
        assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient subscriber = connect("sub-" + System.nanoTime());
        MqttClient publisher = connect("pub-" + System.nanoTime());
        try {
            IMqttToken token = subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("devices/+/telemetry", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (topic, message) -> received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8))
                    });
            token.waitForCompletion(5_000);

            MqttMessage message = new MqttMessage("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            publisher.publish("devices/dev-1/telemetry", message);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertThat(received).containsExactly("devices/dev-1/telemetry {\"t\":21.5}");
        } finally {
            disconnect(subscriber);
            disconnect(publisher);
        }
    }

    @Test
    void acceptsBurstsOfQos1PublishesBeyondHiveMqsDefaultReceiveMaximum() throws Exception {
        int count = 500;
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient subscriber = connect("burst-sub-" + System.nanoTime());
        MqttClient publisher = connect("burst-pub-" + System.nanoTime());
        try {
            subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("burst/#", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (topic, message) -> received.add(topic)
                    }).waitForCompletion(5_000);
            for (int i = 0; i < count; i++) {
                MqttMessage message = new MqttMessage(("m" + i).getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                publisher.getTopic("burst/" + i).publish(message); // asynchronous: many in flight
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == count);
        } finally {
            disconnect(subscriber);
            disconnect(publisher);
        }
    }

    private static MqttClient connect(String clientId) throws Exception {
        MqttClient client = new MqttClient(broker.url(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(5);
        client.connect(options);
        return client;
    }

    private static void disconnect(MqttClient client) throws Exception {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
