package io.fieldlink.simulator;

import io.fieldlink.testsupport.MqttBrokerExtension;
import io.fieldlink.testsupport.WithMqttBroker;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MQTT mode against a real broker (HiveMQ CE from test-support), checking what a subscriber receives. */
@WithMqttBroker
class MqttSimulatorIT {

    record Received(String topic, int qos, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<byte[]> receivedBytes = new CopyOnWriteArrayList<>();
    private MqttClient subscriber;
    private String tenant;

    @BeforeEach
    void subscribe() throws MqttException {
        tenant = "OP" + UUID.randomUUID().toString().substring(0, 8); // a topic space of this test alone
        subscriber = new MqttClient(MqttBrokerExtension.node().url(), "sim-it-" + UUID.randomUUID(), new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                receivedBytes.add(message.getPayload());
                received.add(new Received(topic, message.getQos(), new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override
            public void disconnected(MqttDisconnectResponse disconnectResponse) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe("tenants/" + tenant + "/devices/+/telemetry", 1);
    }

    @AfterEach
    void unsubscribe() throws MqttException {
        subscriber.disconnectForcibly(0, 200, true);
        subscriber.close(true);
    }

    private URI brokerUrl() {
        return URI.create(MqttBrokerExtension.node().url());
    }

    @Test
    void everySensorPublishesItsReadingsWithQos1OnItsOwnTopic() throws Exception {
        var reports = new CopyOnWriteArrayList<RoundReport>();
        var options = SimulatorOptions.mqtt(brokerUrl()).withTenant(tenant).withDevices(3).withCount(2)
                .withInterval(Duration.ofMillis(200)).withSeed(42);

        try (var simulator = new FarmSimulator(options, reports::add)) {
            simulator.start();
            assertThat(simulator.awaitFinished(Duration.ofSeconds(30))).isTrue();
            assertThat(simulator.stats()).isEqualTo(new SimulatorStats(2, 6, 0));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 6);
        assertThat(received).hasSize(6).allSatisfy(message -> {
            assertThat(message.qos()).isEqualTo(1);
            assertThat(message.body()).matches("\\{\"temperature\":-?\\d+\\.\\d{2},\"humidity\":\\d+\\.\\d,"
                    + "\"soil\":\\{\"moisture\":[01]\\.\\d{3}},\"battery\":\\d\\.\\d{3},\"timestamp\":\\d{13}}");
        });
        Map<String, Long> perTopic = received.stream().collect(Collectors.groupingBy(Received::topic, Collectors.counting()));
        assertThat(perTopic).containsOnly(
                Map.entry("tenants/" + tenant + "/devices/295000000000001/telemetry", 2L),
                Map.entry("tenants/" + tenant + "/devices/295000000000002/telemetry", 2L),
                Map.entry("tenants/" + tenant + "/devices/295000000000003/telemetry", 2L));
        assertThat(reports).hasSize(2).allSatisfy(report ->
                assertThat(report.summary()).endsWith("sent 3/3, failed 0, retried 0, via MQTT (QoS 1)"));
    }

    @Test
    void commandLineMqttModeNeedsNoPsk() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = SimulatorMain.run(new String[]{"--mode", "mqtt", "--mqtt-url", brokerUrl().toString(),
                "--tenant", tenant, "--devices", "2", "--interval", "100ms", "--count", "2", "--seed", "7"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + err).isZero();
        assertThat(printed).contains("-> " + brokerUrl() + " topic tenants/" + tenant + "/devices/{imsi}/telemetry (QoS 1, json)")
                .contains("round 2: sent 2/2, failed 0, retried 0, via MQTT (QoS 1)")
                .contains("Done. 2 rounds, 4 readings sent, 0 failed.");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 4);
    }

    @Test
    void binaryPayloadsAreTheTwelveByteLayout() throws Exception {
        var options = SimulatorOptions.mqtt(brokerUrl()).withTenant(tenant).withDevices(1).withCount(1)
                .withPayload(SimulatorOptions.PayloadFormat.BINARY).withSeed(3);

        try (var simulator = new FarmSimulator(options)) {
            simulator.start();
            assertThat(simulator.awaitFinished(Duration.ofSeconds(30))).isTrue();
            assertThat(simulator.stats()).isEqualTo(new SimulatorStats(1, 1, 0));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 1);
        assertThat(receivedBytes).singleElement().satisfies(bytes -> assertThat(bytes).hasSize(BinaryReading.LENGTH));
    }

    @Test
    void commandLineExitsWithOneWhenTheBrokerIsUnreachable() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var out = new ByteArrayOutputStream();

        int status = SimulatorMain.run(new String[]{"--mode", "mqtt", "--mqtt-url", "tcp://127.0.0.1:" + closedPort,
                "--devices", "2", "--count", "1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), false);

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("round 1: sent 0/2, failed 2, retried 2, via MQTT (QoS 1) (MqttException")
                .contains("Done. 1 rounds, 0 readings sent, 2 failed.");
    }
}
