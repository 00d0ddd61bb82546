package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandApplication;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.MqttBrokerNode;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT connection going away and coming back (the broker stopped and started again on its port): a command
 * that finds the service disconnected is held without spending an attempt, and goes out once the connection is
 * back; the subscriptions are made again (clean start), so answers and status arrive again. A broker of its own:
 * the shared one must not restart under other test classes.
 */
@WithKafka
class MqttReconnectIT {

    static final String TENANT = MqttCommandsIT.TENANT;
    static final String KEY = MqttCommandsIT.KEY;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final MqttBrokerNode broker = new MqttBrokerNode(
            Path.of("target", "fieldlink-nodes", "mqtt-reconnect-" + UUID.randomUUID()), 0).start();
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : closing.reversed()) {
            closeable.close();
        }
        broker.close();
    }

    @Test
    void aCommandSentWhileDisconnectedIsHeldThenDeliveredAndStatusArrivesAgainAfterTheReconnect() throws Exception {
        ConfigurableApplicationContext service = startService();
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        ServiceHttp http = new ServiceHttp(port);
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        String sprinkler = register(http);
        String valve = register(http);
        MqttCommandsIT.TestDevice before = device(sprinkler, meters);
        before.reportAndFence("online");
        MqttCommandsIT.TestDevice valveBefore = device(valve, meters);
        valveBefore.reportAndFence("online");

        broker.stop();
        await().atMost(PATIENCE).until(() -> !service.getBean(MqttCommandChannel.class).connected());
        String id = post(port, sprinkler, "{\"name\": \"sprinkler\"}");
        // sent, but the attempt found the service disconnected: the device is held as offline, the attempt forgotten
        await().atMost(PATIENCE).until(() -> "sent".equals(status(http, id)));

        broker.start();
        // the devices are back before the service (its reconnect backs off from 1 s); the valve went offline meanwhile
        MqttCommandsIT.TestDevice after = device(sprinkler, meters);
        MqttCommandsIT.TestDevice valveAfter = device(valve, meters);
        publish("devices/" + valve + "/status", "offline", true);

        await().atMost(PATIENCE).until(() -> "executed".equals(status(http, id)));
        assertThat(after.timesReceived(id)).isEqualTo(1);
        assertThat(before.timesReceived(id)).isZero();
        assertThat(journal(id)).extracting(record -> record.status().wireName())
                .doesNotContain("failed").startsWith("queued", "sent").endsWith("delivered", "executed");

        // the valve's offline status (retained, so it comes with the new subscription if it was published before)
        // reached the service: a fence published now arrives after it
        double unmatched = meters.get("fieldlink.commands.mqtt.responses-unmatched").counter().count();
        publish("devices/" + valve + "/command-responses", "{\"commandId\": \"fence\", \"outcome\": \"delivered\"}",
                false);
        await().atMost(PATIENCE).until(
                () -> meters.get("fieldlink.commands.mqtt.responses-unmatched").counter().count() > unmatched);
        String valveCommand = post(port, valve, "{\"name\": \"valve\"}");
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> "queued".equals(status(http, valveCommand)));
        assertThat(valveAfter.timesReceived(valveCommand)).isZero();
    }

    /** One QoS 1 message from a client of its own. */
    private void publish(String topic, String payload, boolean retained) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), "reconnect-it-" + UUID.randomUUID(),
                new MemoryPersistence());
        try {
            client.connect().waitForCompletion(10_000);
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            message.setRetained(retained);
            client.publish(topic, message).waitForCompletion(10_000);
            client.disconnect().waitForCompletion(10_000);
        } finally {
            client.close();
        }
    }

    private static String post(int port, String deviceId, String body) throws Exception {
        HttpResponse<String> response = new ServiceHttp(port).postJson("/v1/devices/" + deviceId + "/commands", KEY,
                body);
        assertThat(response.statusCode()).isEqualTo(202);
        return JSON.readTree(response.body()).path("commandId").asString();
    }

    private MqttCommandsIT.TestDevice device(String id, MeterRegistry meters) throws Exception {
        MqttCommandsIT.TestDevice device = new MqttCommandsIT.TestDevice(id, broker.url(), meters);
        closing.add(device);
        return device;
    }

    private ConfigurableApplicationContext startService() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaExtension.node().bootstrapServers(),
                "--fieldlink.commands.mqtt.enabled=true",
                "--fieldlink.commands.mqtt.url=" + broker.url(),
                "--fieldlink.commands.lifecycle.tick-interval=200ms",
                // a command published before its device was subscribed again is lost: the next attempt comes soon
                "--fieldlink.commands.lifecycle.ack-timeout=3s",
                "--fieldlink.commands.lifecycle.consumer-group=mqtt-reconnect-it-" + UUID.randomUUID(),
                "--fieldlink.commands.registry.consumer-group=mqtt-reconnect-it-" + UUID.randomUUID(),
                "--fieldlink.security.api-keys[0].id=commands-it",
                "--fieldlink.security.api-keys[0].tenant=" + TENANT,
                "--fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6");
        closing.add(context);
        return context;
    }

    /** A device registered by a reading. */
    private static String register(ServiceHttp http) throws Exception {
        String id = "2950009" + (System.nanoTime() % 100_000_000L);
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), id, ContractJson.write(new TelemetryReceived(
                    TENANT, id, UUID.randomUUID().toString(), now, now, SourceProtocol.BEAM_HTTP, null,
                    Map.of("t", 1.0), null)))).get(30, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).until(() -> http.get("/v1/devices/" + id, KEY).statusCode() == 200);
        return id;
    }

    private static String status(ServiceHttp http, String commandId) throws Exception {
        return JSON.readTree(http.get("/v1/commands/" + commandId, KEY).body()).path("status").asString();
    }

    private static List<CommandStatusChanged> journal(String commandId) {
        return KafkaExtension.node().readAll(Topics.COMMAND_STATUS.name()).stream()
                .map(record -> ContractJson.read(record.value(), CommandStatusChanged.class))
                .filter(record -> record.commandId().equals(commandId)).toList();
    }
}
