package io.fieldlink.command.rollout;

import io.fieldlink.command.CommandApplication;
import io.fieldlink.command.MqttTestDevice;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.RolloutStatus;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.MqttBrokerExtension;
import io.fieldlink.testsupport.S3Extension;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithMqttBroker;
import io.fieldlink.testsupport.WithS3;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollouts end to end on real Kafka, HiveMQ and S3 (S3Proxy, presigned URLs checked): an uploaded artifact goes to
 * a registry group of MQTT test devices that really download the presigned URL and check its SHA-256 before they
 * answer executed (or, told to, failed); batches, the failure threshold and a restart are watched through the API.
 */
@WithKafka
@WithMqttBroker
@WithS3
// the context holds sessions and consumers on the shared test servers; do not cache it for other classes
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fieldlink.commands.mqtt.enabled=true",
        "fieldlink.commands.mqtt.url=${fieldlink.mqtt.url}",
        "fieldlink.commands.lifecycle.tick-interval=200ms",
        "fieldlink.commands.lifecycle.consumer-group=rollouts-it-${random.uuid}",
        "fieldlink.commands.registry.consumer-group=rollouts-it-registry-${random.uuid}",
        "fieldlink.commands.artifacts.endpoint=${fieldlink.s3.endpoint}",
        "fieldlink.commands.artifacts.region=${fieldlink.s3.region}",
        "fieldlink.commands.artifacts.access-key=${fieldlink.s3.access-key}",
        "fieldlink.commands.artifacts.secret-key=${fieldlink.s3.secret-key}",
        "fieldlink.commands.artifacts.path-style-access=true",
        "fieldlink.commands.artifacts.bucket=rollouts-it",
        "fieldlink.commands.artifacts.create-bucket=true",
        "fieldlink.security.api-keys[0].id=rollouts-it",
        "fieldlink.security.api-keys[0].tenant=" + RolloutsIT.TENANT,
        // printf %s registry-it-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6"})
class RolloutsIT {

    static final String TENANT = "OP0000000803";
    static final String KEY = "registry-it-key-a";
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    final List<FirmwareDevice> devices = new ArrayList<>();

    @AfterEach
    void disconnectDevices() {
        devices.forEach(FirmwareDevice::close);
    }

    @Test
    void aFailedDeviceHaltsTheRolloutTheDeviceInFlightFinishesAndLaterDevicesAreSkipped() throws Exception {
        String artifactId = uploadArtifact(new byte[] {1, 2, 3, 4, 5});
        String group = "rollout-it-" + UUID.randomUUID().toString().substring(0, 8);
        FirmwareDevice first = onlineDevice(group);
        FirmwareDevice failing = onlineDevice(group);
        FirmwareDevice third = onlineDevice(group);
        FirmwareDevice fourth = onlineDevice(group);
        failing.failWith = "integrity check failed: expected aa got bb";
        List<String> order = List.of(first.id, failing.id, third.id, fourth.id).stream().sorted().toList();

        HttpResponse<String> created = postRollout("""
                {"artifactId": "%s", "group": "%s", "batchSize": 2, "failureThreshold": 1, "transport": "mqtt"}"""
                .formatted(artifactId, group));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();

        await().atMost(PATIENCE).until(() -> {
            JsonNode rollout = get(location);
            return "halted".equals(rollout.path("status").asString())
                    && rollout.path("counts").path("inProgress").asInt() == 0;
        });
        JsonNode rollout = get(location);
        // the group in device id order, two per batch: the failing device is in the first batch or the second
        int failingBatch = order.indexOf(failing.id) / 2 + 1;
        assertThat(rollout.path("counts").path("failed").asInt()).isEqualTo(1);
        for (JsonNode device : rollout.path("devices")) {
            String id = device.path("deviceId").asString();
            int batch = device.path("batch").asInt();
            if (id.equals(failing.id)) {
                assertThat(device.path("status").asString()).isEqualTo("failed");
                assertThat(device.path("commandStatus").asString()).isEqualTo("failed");
                assertThat(device.path("detail").asString()).contains("integrity check failed");
            } else if (batch <= failingBatch) {
                assertThat(device.path("status").asString()).as(id).isEqualTo("succeeded");
            } else {
                assertThat(device.path("status").asString()).as(id).isEqualTo("skipped");
                assertThat(device(id).received).as("a skipped device gets no command").isEmpty();
            }
        }
    }

    @Test
    void aHappyRolloutCompletesEveryDeviceDownloadedAndVerifiedTheArtifactAndARestartKeepsIt() throws Exception {
        byte[] firmware = new byte[300_000];
        new Random(7).nextBytes(firmware);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(firmware));
        String artifactId = uploadArtifact(firmware);
        FirmwareDevice a = onlineDevice(null);
        FirmwareDevice b = onlineDevice(null);
        FirmwareDevice c = onlineDevice(null);

        HttpResponse<String> created = postRollout("""
                {"artifactId": "%s", "deviceIds": ["%s", "%s", "%s"], "batchSize": 2, "timeToLive": "PT5M"}"""
                .formatted(artifactId, a.id, b.id, c.id));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String rolloutId = JSON.readTree(created.body()).path("rolloutId").asString();

        await().atMost(PATIENCE).until(() -> "completed".equals(get("/v1/rollouts/" + rolloutId).path("status")
                .asString()));
        JsonNode rollout = get("/v1/rollouts/" + rolloutId);
        assertThat(rollout.path("counts").path("succeeded").asInt()).isEqualTo(3);
        assertThat(rollout.path("batches").path(1).path("status").asString()).isEqualTo("finished");
        for (FirmwareDevice device : List.of(a, b, c)) {
            DeviceCommand command = device.received.getFirst();
            assertThat(command.name()).isEqualTo("firmware.update");
            assertThat(command.parameters()).containsEntry("sha256", sha256).containsEntry("version", "2.0.0")
                    .containsEntry("rolloutId", rolloutId);
            assertThat(device.downloadedSha256).containsExactly(sha256);
        }
        // the third device's batch started only after the first two had finished
        assertThat(c.firstCommandAt).isAfterOrEqualTo(a.answeredAt).isAfterOrEqualTo(b.answeredAt);

        RolloutChanged stored = KafkaExtension.node().readAll(Topics.ROLLOUTS.name()).stream()
                .map(record -> ContractJson.read(record.value(), RolloutChanged.class))
                .filter(record -> record.rolloutId().equals(rolloutId)).toList().getLast();
        assertThat(stored.status()).isEqualTo(RolloutStatus.COMPLETED);

        try (ConfigurableApplicationContext second = startSecondInstance()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> readBack = new ServiceHttp(secondPort).get("/v1/rollouts/" + rolloutId, KEY);
            assertThat(readBack.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(readBack.body()).path("status").asString()).isEqualTo("completed");
            assertThat(JSON.readTree(readBack.body()).path("counts").path("succeeded").asInt()).isEqualTo(3);
        }
    }

    private FirmwareDevice device(String id) {
        return devices.stream().filter(device -> device.id.equals(id)).findFirst().orElseThrow();
    }

    private ConfigurableApplicationContext startSecondInstance() {
        return new SpringApplicationBuilder(CommandApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaExtension.node().bootstrapServers(),
                "--fieldlink.commands.lifecycle.consumer-group=rollouts-it-second-" + UUID.randomUUID(),
                "--fieldlink.commands.registry.consumer-group=rollouts-it-second-" + UUID.randomUUID(),
                "--fieldlink.commands.artifacts.endpoint=" + S3Extension.node().endpoint(),
                "--fieldlink.commands.artifacts.region=" + S3Extension.node().region(),
                "--fieldlink.commands.artifacts.access-key=" + S3Extension.node().accessKey(),
                "--fieldlink.commands.artifacts.secret-key=" + S3Extension.node().secretKey(),
                "--fieldlink.commands.artifacts.path-style-access=true",
                "--fieldlink.commands.artifacts.bucket=rollouts-it",
                "--fieldlink.security.api-keys[0].id=rollouts-it",
                "--fieldlink.security.api-keys[0].tenant=" + TENANT,
                "--fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6");
    }

    private String uploadArtifact(byte[] bytes) throws Exception {
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/v1/artifacts?name=sprinkler-fw&version=2.0.0"))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        return JSON.readTree(uploaded.body()).path("id").asString();
    }

    /** A device registered by a reading, put in {@code group} (when given), connected and online. */
    private FirmwareDevice onlineDevice(String group) throws Exception {
        String id = "2950009" + (System.nanoTime() % 100_000_000L);
        Instant now = Instant.now();
        publish(Topics.TELEMETRY.name(), id, ContractJson.write(new TelemetryReceived(TENANT, id,
                UUID.randomUUID().toString(), now, now, SourceProtocol.BEAM_HTTP, null, Map.of("t", 1.0), null)));
        await().atMost(PATIENCE).until(() -> new ServiceHttp(port).get("/v1/devices/" + id, KEY).statusCode() == 200);
        if (group != null) {
            HttpResponse<String> patched = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/v1/devices/" + id))
                            .header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", "application/merge-patch+json")
                            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"groups\": [\"" + group + "\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        }
        FirmwareDevice device = new FirmwareDevice(id, MqttBrokerExtension.node().url());
        devices.add(device);
        device.online();
        return device;
    }

    private HttpResponse<String> postRollout(String body) throws Exception {
        return new ServiceHttp(port).postJson("/v1/rollouts", KEY, body);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = new ServiceHttp(port).get(path, KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void publish(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A device of the MQTT protocol that takes {@code firmware.update} as the simulator does (docs/commands.md,
     * "Rollouts"): delivered, then it GETs the presigned URL, hashes what it got, and answers executed when the hash
     * matches, failed otherwise (or with {@link #failWith} when told to fail).
     */
    static final class FirmwareDevice extends MqttTestDevice {

        final List<DeviceCommand> received = new CopyOnWriteArrayList<>();
        final List<String> downloadedSha256 = new CopyOnWriteArrayList<>();
        volatile String failWith;
        volatile Instant firstCommandAt;
        volatile Instant answeredAt;
        FirmwareDevice(String id, String url) throws MqttException {
            super(id, url, "firmware-device-");
        }

        void online() throws MqttException {
            status("online");
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            DeviceCommand command = ContractJson.read(message.getPayload(), DeviceCommand.class);
            if (firstCommandAt == null) {
                firstCommandAt = Instant.now();
            }
            received.add(command);
            MqttProperties request = message.getProperties();
            // off the client's callback thread: the download and the answers take a while
            Thread.ofVirtual().start(() -> handle(command, request));
        }

        private void handle(DeviceCommand command, MqttProperties request) {
            try {
                answer(request, "{\"commandId\": \"" + command.commandId() + "\", \"outcome\": \"delivered\"}");
                String failure = failWith;
                if (failure == null) {
                    String sha256 = download(command.parameters().get("url"));
                    downloadedSha256.add(sha256);
                    if (!sha256.equals(command.parameters().get("sha256"))) {
                        failure = "integrity check failed: expected " + command.parameters().get("sha256")
                                + " got " + sha256;
                    }
                }
                answeredAt = Instant.now();
                answer(request, failure == null
                        ? "{\"commandId\": \"" + command.commandId() + "\", \"outcome\": \"executed\", \"result\": "
                                + "{\"version\": \"" + command.parameters().get("version") + "\"}}"
                        : "{\"commandId\": \"" + command.commandId() + "\", \"outcome\": \"failed\", \"detail\": \""
                                + failure + "\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String download(String url) throws Exception {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                return "download failed: HTTP " + response.statusCode();
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha256.digest());
        }

        private void answer(MqttProperties request, String payload) throws MqttException {
            answer(request, utf8(payload));
        }
    }
}
