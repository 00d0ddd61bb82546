package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandApplication;
import io.fieldlink.command.MqttTestDevice;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.MqttBrokerExtension;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithMqttBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands end to end on a real Kafka broker and a real MQTT broker (HiveMQ CE), with test devices written with
 * the Paho v5 client that follow docs/commands.md, "MQTT protocol": online status (offline as will), answers
 * delivered then executed with the command's correlation data on its response topic, a repeated id answered
 * again without acting.
 */
@WithKafka
@WithMqttBroker
// a cached context would keep its MQTT session and consumers on the shared brokers after this class
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fieldlink.commands.mqtt.enabled=true",
        "fieldlink.commands.mqtt.url=${fieldlink.mqtt.url}",
        "fieldlink.commands.lifecycle.tick-interval=200ms",
        "fieldlink.commands.lifecycle.consumer-group=mqtt-commands-it-${random.uuid}",
        "fieldlink.commands.registry.consumer-group=mqtt-commands-it-registry-${random.uuid}",
        "fieldlink.security.api-keys[0].id=commands-it",
        "fieldlink.security.api-keys[0].tenant=" + MqttCommandsIT.TENANT,
        // printf %s registry-it-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6"})
class MqttCommandsIT {

    static final String TENANT = "OP0000000801";
    static final String KEY = "registry-it-key-a";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    final List<TestDevice> devices = new ArrayList<>();

    @AfterEach
    void disconnectDevices() {
        devices.forEach(TestDevice::close);
    }

    @Test
    void aPostedCommandReachesTheDeviceWithItsMqtt5PropertiesAndIsExecutedAndJournaled() throws Exception {
        TestDevice device = onlineDevice();

        HttpResponse<String> posted = post(device.id, """
                {"name": "sprinkler", "parameters": {"state": "on"}, "timeToLive": "PT10M"}""");
        assertThat(posted.statusCode()).isEqualTo(202);
        String id = JSON.readTree(posted.body()).path("commandId").asString();
        assertThat(posted.headers().firstValue("Location")).contains("/v1/commands/" + id);

        await().atMost(PATIENCE).until(() -> "executed".equals(status(id)));
        Received received = device.received.getFirst();
        assertThat(received.command().commandId()).isEqualTo(id);
        assertThat(received.command().parameters()).containsEntry("state", "on");
        assertThat(received.responseTopic()).isEqualTo("devices/" + device.id + "/command-responses");
        assertThat(received.correlationData()).isEqualTo(id);
        assertThat(received.contentType()).isEqualTo("application/json");
        assertThat(received.expirySeconds()).isBetween(500L, 600L);
        assertThat(received.qos()).isEqualTo(1);

        assertThat(journal(id)).extracting(record -> record.status().wireName())
                .containsExactly("queued", "sent", "delivered", "executed");
    }

    @Test
    void aCommandRequestedOnKafkaReachesTheDevice() throws Exception {
        TestDevice device = onlineDevice();
        String id = "rule:r1:" + UUID.randomUUID() + ":raised";

        publish(Topics.COMMANDS.name(), device.id, ContractJson.write(new DeviceCommandRequested(id, TENANT, device.id,
                "valve", Map.of("open", "true"), Instant.now(), Duration.ofMinutes(5), "rule:r1:a1:raised")));

        await().atMost(PATIENCE).until(() -> "executed".equals(status(id)));
        assertThat(device.timesReceived(id)).isEqualTo(1);
    }

    @Test
    void anOfflineDeviceGetsItsQueuedCommandWhenItReportsOnline() throws Exception {
        TestDevice device = onlineDevice();
        device.reportAndFence("offline");

        String id = JSON.readTree(post(device.id, "{\"name\": \"sprinkler\"}").body()).path("commandId").asString();
        assertThat(status(id)).isEqualTo("queued");
        assertThat(device.timesReceived(id)).isZero();

        device.reportAndFence("online");
        await().atMost(PATIENCE).until(() -> "executed".equals(status(id)));
        assertThat(device.timesReceived(id)).isEqualTo(1);
    }

    @Test
    void aCommandForAnOfflineDeviceExpiresAfterItsTimeToLive() throws Exception {
        TestDevice device = onlineDevice();
        device.reportAndFence("offline");

        String id = JSON.readTree(post(device.id, "{\"name\": \"sprinkler\", \"timeToLive\": \"PT1S\"}").body())
                .path("commandId").asString();

        await().atMost(PATIENCE).until(() -> "expired".equals(status(id)));
        assertThat(device.timesReceived(id)).isZero();
        assertThat(journal(id)).extracting(record -> record.status().wireName()).containsExactly("queued", "expired");
    }

    @Test
    void aRestartedServiceDoesNotResendAnExecutedCommand() throws Exception {
        TestDevice device = onlineDevice();
        String id = JSON.readTree(post(device.id, "{\"name\": \"sprinkler\"}").body()).path("commandId").asString();
        await().atMost(PATIENCE).until(() -> "executed".equals(status(id)));

        try (ConfigurableApplicationContext second = startSecondInstance()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> readBack = new ServiceHttp(secondPort).get("/v1/commands/" + id, KEY);
            assertThat(readBack.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(readBack.body()).path("status").asString()).isEqualTo("executed");
            // the second instance has connected, had the device's online status and ticked many times
            await().atMost(PATIENCE).during(Duration.ofSeconds(2)).until(() -> device.timesReceived(id) == 1);
        }
    }

    @Test
    void aServiceRestartedMidFlightResendsTheCommandUnderItsIdAndItIsExecutedOnce() throws Exception {
        TestDevice device = onlineDevice();
        device.silent = true; // takes the command, never answers: the service stops with it sent, unacknowledged
        String id;
        try (ConfigurableApplicationContext first = startSecondInstance()) {
            int firstPort = Integer.parseInt(first.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> posted = new ServiceHttp(firstPort).postJson(
                    "/v1/devices/" + device.id + "/commands", KEY, "{\"name\": \"sprinkler\"}");
            assertThat(posted.statusCode()).isEqualTo(202);
            id = JSON.readTree(posted.body()).path("commandId").asString();
            await().atMost(PATIENCE).until(() -> device.timesReceived(id) == 1);
        }
        journal(id).forEach(r -> System.out.println("JOURNAL " + r.status() + " attempt=" + r.attempt() + " seq=" + r.sequence() + " at=" + r.occurredAt() + " detail=" + r.detail()));
        // sent (a first attempt may have failed while the new instance was still connecting), never acknowledged
        List<String> beforeRestart = journal(id).stream().map(record -> record.status().wireName()).toList();
        assertThat(beforeRestart).endsWith("sent").doesNotContain("delivered", "executed");

        device.silent = false;
        try (ConfigurableApplicationContext restarted = startSecondInstance()) {
            int restartedPort = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));
            await().atMost(PATIENCE).until(() -> {
                HttpResponse<String> readBack = new ServiceHttp(restartedPort).get("/v1/commands/" + id, KEY);
                return readBack.statusCode() == 200
                        && "executed".equals(JSON.readTree(readBack.body()).path("status").asString());
            });
        }
        assertThat(device.timesReceived(id)).isEqualTo(2);
        assertThat(device.executions(id)).isEqualTo(1);
        List<String> statuses = journal(id).stream().map(record -> record.status().wireName()).toList();
        assertThat(statuses.subList(0, beforeRestart.size())).isEqualTo(beforeRestart);
        assertThat(statuses.subList(beforeRestart.size(), statuses.size()))
                .containsExactly("sent", "delivered", "executed");
    }

    private ConfigurableApplicationContext startSecondInstance() {
        return new SpringApplicationBuilder(CommandApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaExtension.node().bootstrapServers(),
                "--fieldlink.commands.mqtt.enabled=true",
                "--fieldlink.commands.mqtt.url=" + MqttBrokerExtension.node().url(),
                "--fieldlink.commands.lifecycle.tick-interval=200ms",
                "--fieldlink.commands.lifecycle.consumer-group=mqtt-commands-it-second-" + UUID.randomUUID(),
                "--fieldlink.commands.registry.consumer-group=mqtt-commands-it-second-" + UUID.randomUUID(),
                "--fieldlink.security.api-keys[0].id=commands-it",
                "--fieldlink.security.api-keys[0].tenant=" + TENANT,
                "--fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6");
    }

    /** A device registered by a reading, connected and online. */
    private TestDevice onlineDevice() throws Exception {
        String id = "2950008" + (System.nanoTime() % 100_000_000L);
        Instant now = Instant.now();
        publish(Topics.TELEMETRY.name(), id, ContractJson.write(new TelemetryReceived(TENANT, id,
                UUID.randomUUID().toString(), now, now, SourceProtocol.BEAM_HTTP, null, Map.of("t", 1.0), null)));
        await().atMost(PATIENCE).until(() -> new ServiceHttp(port).get("/v1/devices/" + id, KEY).statusCode() == 200);
        TestDevice device = new TestDevice(id, MqttBrokerExtension.node().url(), meters);
        devices.add(device);
        device.reportAndFence("online");
        return device;
    }

    private HttpResponse<String> post(String deviceId, String body) throws Exception {
        return new ServiceHttp(port).postJson("/v1/devices/" + deviceId + "/commands", KEY, body);
    }

    private String status(String commandId) throws Exception {
        HttpResponse<String> response = new ServiceHttp(port).get("/v1/commands/" + commandId, KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode command = JSON.readTree(response.body());
        return command.path("status").asString();
    }

    private static List<CommandStatusChanged> journal(String commandId) {
        return KafkaExtension.node().readAll(Topics.COMMAND_STATUS.name()).stream()
                .map(record -> ContractJson.read(record.value(), CommandStatusChanged.class))
                .filter(record -> record.commandId().equals(commandId)).toList();
    }

    private static void publish(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    record Received(DeviceCommand command, String responseTopic, String correlationData, String contentType,
                    Long expirySeconds, int qos) {
    }

    /** A device of the MQTT protocol: answers delivered then executed; repeats its last answer for a known id. */
    static final class TestDevice extends MqttTestDevice {

        final List<Received> received = new CopyOnWriteArrayList<>();
        private final Map<String, byte[]> lastAnswer = new ConcurrentHashMap<>();
        private final MeterRegistry meters;
        private final Map<String, Integer> executed = new ConcurrentHashMap<>();
        /** Takes commands without answering or acting (a device that lost them). */
        volatile boolean silent;

        TestDevice(String id, String url, MeterRegistry meters) throws MqttException {
            super(id, url, "test-device-");
            this.meters = meters;
        }

        /**
         * Publishes a status and waits until the service has handled it: an answer to no command, sent after the
         * status on the same connection, reaches the service after it and is counted as unmatched.
         */
        void reportAndFence(String status) throws MqttException {
            double before = unmatched();
            status(status);
            MqttMessage fence = new MqttMessage(utf8("{\"commandId\": \"fence\", \"outcome\": \"delivered\"}"));
            fence.setQos(1);
            client.publish("devices/" + id + "/command-responses", fence).waitForCompletion(10_000);
            await().atMost(PATIENCE).until(() -> unmatched() > before);
        }

        private double unmatched() {
            return meters.get("fieldlink.commands.mqtt.responses-unmatched").counter().count();
        }

        int executions(String commandId) {
            return executed.getOrDefault(commandId, 0);
        }

        long timesReceived(String commandId) {
            return received.stream().filter(r -> r.command().commandId().equals(commandId)).count();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            DeviceCommand command = ContractJson.read(message.getPayload(), DeviceCommand.class);
            MqttProperties properties = message.getProperties();
            received.add(new Received(command, properties.getResponseTopic(),
                    new String(properties.getCorrelationData(), StandardCharsets.UTF_8), properties.getContentType(),
                    properties.getMessageExpiryInterval(), message.getQos()));
            if (silent) {
                return;
            }
            byte[] last = lastAnswer.get(command.commandId());
            if (last != null) {
                answer(properties, last);
                return;
            }
            executed.merge(command.commandId(), 1, Integer::sum);
            answer(properties, utf8("{\"commandId\": \"" + command.commandId() + "\", \"outcome\": \"delivered\"}"));
            byte[] done = utf8("{\"commandId\": \"" + command.commandId()
                    + "\", \"outcome\": \"executed\", \"result\": {\"done\": \"yes\"}}");
            lastAnswer.put(command.commandId(), done);
            answer(properties, done);
        }
    }
}
