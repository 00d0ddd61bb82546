package io.fieldlink.command.registry;

import io.fieldlink.command.CommandApplication;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry on a real Kafka broker: a reading on {@code iot.telemetry.v1} registers its device, a patch lands on
 * {@code iot.devices.v1}, a second instance of the service reads the registry back from the topic, and tenants
 * see only their own devices.
 */
@WithKafka
// a cached context would keep consuming telemetry and writing iot.devices.v1 on the shared broker after this class
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fieldlink.commands.registry.consumer-group=registry-it-${random.uuid}",
        "fieldlink.security.api-keys[0].id=registry-it-a",
        "fieldlink.security.api-keys[0].tenant=OP0000000701",
        // printf %s registry-it-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=" + DeviceRegistryIT.KEY_A_SHA256,
        "fieldlink.security.api-keys[1].id=registry-it-b",
        "fieldlink.security.api-keys[1].tenant=OP0000000702",
        // printf %s registry-it-key-b | sha256sum
        "fieldlink.security.api-keys[1].sha256=" + DeviceRegistryIT.KEY_B_SHA256})
class DeviceRegistryIT {

    static final String KEY_A = "registry-it-key-a";
    static final String KEY_A_SHA256 = "50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6";
    static final String KEY_B = "registry-it-key-b";
    static final String KEY_B_SHA256 = "d5cb19ac1e71b536bca026dad71eb65cf8e98195eddcd41715753993c9f1d7db";
    static final String TENANT_A = "OP0000000701";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    final String device = "2950007" + (System.nanoTime() % 100_000_000L);

    @Test
    void aReadingRegistersTheDeviceAPatchIsStoredInTheTopicAndASecondInstanceReadsItBack() throws Exception {
        Instant received = Instant.now();
        publishReading(new TelemetryReceived(TENANT_A, device, UUID.randomUUID().toString(), received, received,
                SourceProtocol.BEAM_HTTP, new DeviceIdentity(device, "860000000000701", null, null),
                Map.of("temperature", 21.5), null));

        JsonNode registered = await().atMost(PATIENCE).until(() -> listed(port, KEY_A), items -> items != null);
        assertThat(registered.path("firstSeen").asString()).isEqualTo(received.toString());
        assertThat(registered.path("lastProtocol").asString()).isEqualTo("beam-http");
        assertThat(registered.path("identity").path("imei").asString()).isEqualTo("860000000000701");
        assertThat(registered.path("online").asBoolean()).isTrue();

        // tenant B neither lists nor reads nor edits it
        assertThat(listed(port, KEY_B)).isNull();
        assertThat(new ServiceHttp(port).get("/v1/devices/" + device, KEY_B).statusCode()).isEqualTo(404);
        assertThat(patch(port, KEY_B, "{\"tags\": [\"mine\"]}", null).statusCode()).isEqualTo(404);

        HttpResponse<String> patched = patch(port, KEY_A, """
                {"displayName": "Greenhouse 1", "tags": ["greenhouse"], "groups": ["field-north"]}""", "\"1\"");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.headers().firstValue("ETag")).contains("\"2\"");

        // answered only once stored: the record is in the compacted topic now
        List<DeviceProfileChanged> records = KafkaExtension.node().readAll(Topics.DEVICES.name()).stream()
                .filter(record -> device.equals(record.key()))
                .map(record -> ContractJson.read(record.value(), DeviceProfileChanged.class)).toList();
        assertThat(records).extracting(DeviceProfileChanged::revision).containsExactly(1L, 2L);
        DeviceProfileChanged last = records.getLast();
        assertThat(last.tenantId()).isEqualTo(TENANT_A);
        assertThat(last.tags()).containsExactly("greenhouse");
        assertThat(last.groups()).containsExactly("field-north");
        assertThat(last.displayName()).isEqualTo("Greenhouse 1");
        assertThat(last.firstSeen()).isEqualTo(received);
        assertThat(cleanupPolicy()).isEqualTo("compact");

        try (ConfigurableApplicationContext second = startSecondInstance()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            // run() returned: the registry was loaded before the service reported ready
            assertThat(new ServiceHttp(secondPort).get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);

            HttpResponse<String> readBack = new ServiceHttp(secondPort).get("/v1/devices/" + device, KEY_A);
            assertThat(readBack.statusCode()).isEqualTo(200);
            assertThat(readBack.headers().firstValue("ETag")).contains("\"2\"");
            JsonNode view = JSON.readTree(readBack.body());
            assertThat(view.path("tags").path(0).asString()).isEqualTo("greenhouse");
            assertThat(view.path("displayName").asString()).isEqualTo("Greenhouse 1");
            assertThat(view.path("firstSeen").asString()).isEqualTo(received.toString());
            assertThat(JSON.readTree(new ServiceHttp(secondPort).get("/v1/devices?tag=greenhouse", KEY_A).body())
                    .path("items").valueStream().map(item -> item.path("deviceId").asString())).contains(device);
            assertThat(new ServiceHttp(secondPort).get("/v1/devices/" + device, KEY_B).statusCode()).isEqualTo(404);
        }
    }

    private ConfigurableApplicationContext startSecondInstance() {
        return new SpringApplicationBuilder(CommandApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaExtension.node().bootstrapServers(),
                "--fieldlink.commands.registry.consumer-group=registry-it-second-" + UUID.randomUUID(),
                "--fieldlink.security.api-keys[0].id=registry-it-a",
                "--fieldlink.security.api-keys[0].tenant=" + TENANT_A,
                "--fieldlink.security.api-keys[0].sha256=" + KEY_A_SHA256,
                "--fieldlink.security.api-keys[1].id=registry-it-b",
                "--fieldlink.security.api-keys[1].tenant=OP0000000702",
                "--fieldlink.security.api-keys[1].sha256=" + KEY_B_SHA256);
    }

    /** The device as the tenant of {@code key} lists it, or null when not listed. */
    private JsonNode listed(int port, String key) throws Exception {
        HttpResponse<String> response = new ServiceHttp(port).get("/v1/devices?limit=1000", key);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("items").valueStream()
                .filter(item -> device.equals(item.path("deviceId").asString())).findFirst().orElse(null);
    }

    private HttpResponse<String> patch(int port, String key, String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/devices/" + device))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void publishReading(TelemetryReceived reading) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), reading.deviceId(), ContractJson.write(reading)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static String cleanupPolicy() throws Exception {
        try (Admin admin = Admin.create(KafkaExtension.node().adminProperties())) {
            var topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEVICES.name());
            return admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                    .get("cleanup.policy").value();
        }
    }
}
