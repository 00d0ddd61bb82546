package io.fieldlink.simulator;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandOutcome;
import io.fieldlink.contracts.DeviceCommandResponse;
import io.fieldlink.testsupport.MqttBrokerExtension;
import io.fieldlink.testsupport.WithMqttBroker;
import io.fieldlink.testsupport.WithS3;
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

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The device side of the MQTT command protocol (docs/commands.md, "MQTT protocol") against a real broker (HiveMQ
 * CE from test-support): a test "service" written with Paho v5 sends commands the way command-service does and reads
 * the answers and the retained status.
 */
@WithMqttBroker
@WithS3
class SprinklerMqttIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** What the test service received: topic, payload, correlation data, retained flag. */
    record Received(String topic, String body, String correlation, boolean retained) {

        DeviceCommandResponse response() {
            return ContractJson.read(body.getBytes(StandardCharsets.UTF_8), DeviceCommandResponse.class);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<SprinklerSwitched> switches = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private MqttClient service;
    private String deviceId;

    @BeforeEach
    void connectTheService() throws MqttException {
        // a device id (and so topics and retained status) of this test alone
        deviceId = "2959" + String.format("%011d", ThreadLocalRandom.current().nextLong(100_000_000_000L));
        service = new MqttClient(MqttBrokerExtension.node().url(), "sprinkler-it-service-" + deviceId, new MemoryPersistence());
        service.setCallback(new Recorder());
        service.connect(new MqttConnectionOptions());
        service.subscribe(new String[]{MqttCommandClient.statusTopic(deviceId), responseTopic()}, new int[]{1, 1});
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        retries.shutdownNow();
        // clear the retained status so a later run of the broker does not keep it
        service.publish(MqttCommandClient.statusTopic(deviceId), new byte[0], 1, true);
        service.disconnect();
        service.close(true);
    }

    private String responseTopic() {
        return "devices/" + deviceId + "/command-responses";
    }

    private MqttCommandClient device(String brokerUrl) {
        var sprinkler = new SprinklerActuator(deviceId, Clock.systemUTC(), switches::add);
        var client = new MqttCommandClient(URI.create(brokerUrl), null, sprinkler, retries);
        toClose.add(client);
        client.start();
        return client;
    }

    /** Publishes a command as command-service does: QoS 1, response topic, correlation data = id, expiry. */
    private void send(DeviceCommand command) throws MqttException {
        MqttMessage message = new MqttMessage(ContractJson.write(command));
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic());
        properties.setCorrelationData(command.commandId().getBytes(StandardCharsets.UTF_8));
        properties.setContentType("application/json");
        properties.setMessageExpiryInterval(60L);
        message.setProperties(properties);
        service.publish(MqttCommandClient.commandTopic(deviceId), message);
    }

    private static DeviceCommand sprinklerOn(String commandId) {
        return new DeviceCommand(commandId, "sprinkler", Map.of("state", "on"), Instant.now().plusSeconds(60));
    }

    private List<Received> answers() {
        return received.stream().filter(r -> r.topic().equals(responseTopic())).toList();
    }

    private String lastStatus() {
        List<Received> statuses = received.stream().filter(r -> r.topic().equals(MqttCommandClient.statusTopic(deviceId))).toList();
        return statuses.isEmpty() ? null : statuses.getLast().body();
    }

    @Test
    void aSprinklerCommandIsDeliveredThenExecutedWithItsCorrelationData() throws Exception {
        MqttCommandClient device = device(MqttBrokerExtension.node().url());
        await().atMost(WAIT).until(() -> "online".equals(lastStatus()));

        send(sprinklerOn("c-on-1"));

        await().atMost(WAIT).until(() -> answers().size() >= 2);
        assertThat(answers()).extracting(Received::correlation).containsExactly("c-on-1", "c-on-1");
        assertThat(answers()).extracting(r -> r.response().outcome())
                .containsExactly(DeviceCommandOutcome.DELIVERED, DeviceCommandOutcome.EXECUTED);
        assertThat(answers().getLast().response().result()).isEqualTo(Map.of("state", "on"));
        assertThat(device.sprinkler().state()).isTrue();
        assertThat(switches).singleElement().satisfies(switched ->
                assertThat(switched.summary()).isEqualTo("sprinkler of " + deviceId + " ON (command c-on-1)"));
    }

    @Test
    void aDuplicateIdIsAnsweredAgainWithoutASecondSwitch() throws Exception {
        MqttCommandClient device = device(MqttBrokerExtension.node().url());
        await().atMost(WAIT).until(device::isOnline);
        send(sprinklerOn("c-dup"));
        await().atMost(WAIT).until(() -> answers().size() >= 2);

        send(sprinklerOn("c-dup"));

        await().atMost(WAIT).until(() -> answers().size() >= 3);
        Received repeat = answers().get(2);
        assertThat(repeat.correlation()).isEqualTo("c-dup");
        assertThat(repeat.response()).isEqualTo(answers().get(1).response());
        assertThat(switches).hasSize(1);
        assertThat(device.sprinkler().state()).isTrue();
    }

    @Test
    void anUnknownCommandFailsWithADetail() throws Exception {
        MqttCommandClient device = device(MqttBrokerExtension.node().url());
        await().atMost(WAIT).until(device::isOnline);

        send(new DeviceCommand("c-valve", "valve", Map.of("state", "on"), null));

        await().atMost(WAIT).until(() -> answers().size() >= 2);
        DeviceCommandResponse failed = answers().getLast().response();
        assertThat(failed.outcome()).isEqualTo(DeviceCommandOutcome.FAILED);
        assertThat(failed.detail()).contains("unknown command 'valve'");
        assertThat(device.sprinkler().state()).isFalse();
    }

    @Test
    void theStatusIsOfflineWhenTheConnectionDropsAndOnlineAgainAfterTheReconnect() throws Exception {
        var broker = MqttBrokerExtension.node();
        try (var proxy = new TcpProxy(new InetSocketAddress("127.0.0.1", broker.port()))) {
            MqttCommandClient device = device("tcp://127.0.0.1:" + proxy.port());
            await().atMost(WAIT).until(() -> "online".equals(lastStatus()));

            proxy.cut(true); // no DISCONNECT packet: the broker publishes the will

            await().atMost(WAIT).until(() -> "offline".equals(lastStatus()));
            assertThat(retainedStatus()).isEqualTo("offline");

            proxy.accept(); // Paho reconnects by itself, subscribes again and says online again
            await().atMost(WAIT).until(() -> "online".equals(lastStatus()) && device.isOnline());
            assertThat(retainedStatus()).isEqualTo("online");

            send(sprinklerOn("c-after-reconnect"));
            await().atMost(WAIT).until(() -> answers().size() >= 2);
            assertThat(answers().getLast().response().outcome()).isEqualTo(DeviceCommandOutcome.EXECUTED);
            assertThat(device.sprinkler().state()).isTrue();
        }
    }

    @Test
    void closingTheDeviceLeavesItOffline() throws Exception {
        MqttCommandClient device = device(MqttBrokerExtension.node().url());
        await().atMost(WAIT).until(() -> "online".equals(lastStatus()));

        device.close();

        await().atMost(WAIT).until(() -> "offline".equals(lastStatus()));
        assertThat(retainedStatus()).isEqualTo("offline");
    }

    @Test
    void theFarmSimulatorGivesEveryDeviceASprinkler() throws Exception {
        var broker = URI.create(MqttBrokerExtension.node().url());
        String imsiPrefix = deviceId.substring(0, 14);
        deviceId = imsiPrefix + "1";
        service.subscribe(new String[]{MqttCommandClient.statusTopic(deviceId), responseTopic()}, new int[]{1, 1});
        var options = SimulatorOptions.mqtt(broker).withTenant("OP" + deviceId).withDevices(2)
                .withImsiPrefix(imsiPrefix).withInterval(Duration.ofMinutes(10)).withSprinklers(broker);
        try (var farm = new FarmSimulator(options, report -> {
        }, switches::add)) {
            farm.start();
            await().atMost(WAIT).until(() -> "online".equals(lastStatus()));

            send(sprinklerOn("c-farm"));

            await().atMost(WAIT).until(() -> farm.sprinklerOn(farm.devices().getFirst()));
            assertThat(farm.sprinklerOn(farm.devices().getLast())).isFalse();
            assertThat(switches).extracting(SprinklerSwitched::deviceId).containsExactly(deviceId);
        }
        await().atMost(WAIT).until(() -> "offline".equals(lastStatus()));
        service.publish(MqttCommandClient.statusTopic(imsiPrefix + "2"), new byte[0], 1, true);
    }

    @Test
    void aFirmwareUpdateDownloadsFromS3AndAnswersWithTheHash() throws Exception {
        var broker = URI.create(MqttBrokerExtension.node().url());
        String imsiPrefix = deviceId.substring(0, 14);
        deviceId = imsiPrefix + "1";
        service.subscribe(new String[]{MqttCommandClient.statusTopic(deviceId), responseTopic()}, new int[]{1, 1});
        var options = SimulatorOptions.mqtt(broker).withTenant("OP" + deviceId).withDevices(1)
                .withImsiPrefix(imsiPrefix).withInterval(Duration.ofMinutes(10)).withSprinklers(broker);
        try (var packages = S3Packages.store();
             var farm = new FarmSimulator(options, report -> {
             }, switches::add)) {
            farm.start();
            await().atMost(WAIT).until(() -> "online".equals(lastStatus()));

            send(new DeviceCommand("c-fw", "firmware.update", Map.of("url", packages.presigned(Duration.ofMinutes(5)).toString(),
                    "sha256", PackageDownloaderTest.SHA256, "name", "potato-model", "version", "2.0"), Instant.now().plusSeconds(60)));
            send(new DeviceCommand("c-fw-bad", "firmware.update", Map.of("url", packages.presigned(Duration.ofMinutes(5)).toString(),
                    "sha256", "0".repeat(64), "name", "potato-model", "version", "2.1"), Instant.now().plusSeconds(60)));

            await().atMost(WAIT).until(() -> answers().stream().filter(a -> a.response().outcome() != DeviceCommandOutcome.DELIVERED).count() == 2);
            DeviceCommandResponse executed = answers().stream().map(Received::response)
                    .filter(r -> r.commandId().equals("c-fw") && r.outcome() != DeviceCommandOutcome.DELIVERED).findFirst().orElseThrow();
            assertThat(executed.outcome()).isEqualTo(DeviceCommandOutcome.EXECUTED);
            assertThat(executed.result()).isEqualTo(Map.of("sha256", PackageDownloaderTest.SHA256, "name", "potato-model",
                    "version", "2.0", "size", Integer.toString(PackageDownloaderTest.PACKAGE.length)));
            DeviceCommandResponse failed = answers().stream().map(Received::response)
                    .filter(r -> r.commandId().equals("c-fw-bad") && r.outcome() != DeviceCommandOutcome.DELIVERED).findFirst().orElseThrow();
            assertThat(failed.outcome()).isEqualTo(DeviceCommandOutcome.FAILED);
            assertThat(failed.detail()).startsWith("integrity check failed: expected " + "0".repeat(64) + " got ");
            assertThat(farm.actuator(deviceId).installed().version()).isEqualTo("2.0");
        }
    }

    /** The retained status as a new subscriber gets it. */
    private String retainedStatus() throws MqttException {
        var retained = new CopyOnWriteArrayList<String>();
        var reader = new MqttClient(MqttBrokerExtension.node().url(), "sprinkler-it-reader-" + deviceId, new MemoryPersistence());
        try {
            reader.setCallback(new Recorder() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    retained.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }
            });
            reader.connect(new MqttConnectionOptions());
            // (not subscribe(topic, qos, listener): in Paho 1.2.5 that overload calls itself until the stack overflows)
            reader.subscribe(MqttCommandClient.statusTopic(deviceId), 1);
            await().atMost(WAIT).until(() -> !retained.isEmpty());
            return retained.getFirst();
        } finally {
            reader.disconnect();
            reader.close(true);
        }
    }

    private class Recorder implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
            received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    correlation == null ? null : new String(correlation, StandardCharsets.UTF_8), message.isRetained()));
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
    }
}
