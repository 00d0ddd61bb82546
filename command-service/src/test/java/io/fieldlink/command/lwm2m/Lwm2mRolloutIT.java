package io.fieldlink.command.lwm2m;

import io.fieldlink.command.CommandApplication;
import io.fieldlink.simulator.ActuatorFleet;
import io.fieldlink.simulator.Lwm2mOptions;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithS3;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Model distribution over LwM2M end to end: an artifact in the embedded S3, the simulator's LwM2M devices (DTLS with
 * keys derived from the master key) whose object 5 really downloads the presigned URL and checks its SHA-256, and a
 * rollout through command-service's Leshan server: Package URI written, Update executed on Downloaded, executed on
 * Update Result 1; a device that cannot take the package fails and halts the rollout.
 */
@WithKafka
@WithS3
@DirtiesContext
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
        "fieldlink.commands.lwm2m.enabled=true",
        "fieldlink.commands.lwm2m.bind-address=127.0.0.1",
        "fieldlink.commands.lwm2m.coap-port=0",
        "fieldlink.commands.lwm2m.coaps-port=0",
        "fieldlink.commands.lwm2m.psk-master-key=" + Lwm2mRolloutIT.MASTER_KEY,
        "fieldlink.commands.lwm2m.default-tenant=" + Lwm2mRolloutIT.TENANT,
        "fieldlink.commands.lifecycle.tick-interval=200ms",
        "fieldlink.commands.lifecycle.consumer-group=lwm2m-rollout-it-${random.uuid}",
        "fieldlink.commands.registry.consumer-group=lwm2m-rollout-it-registry-${random.uuid}",
        "fieldlink.commands.artifacts.endpoint=${fieldlink.s3.endpoint}",
        "fieldlink.commands.artifacts.region=${fieldlink.s3.region}",
        "fieldlink.commands.artifacts.access-key=${fieldlink.s3.access-key}",
        "fieldlink.commands.artifacts.secret-key=${fieldlink.s3.secret-key}",
        "fieldlink.commands.artifacts.path-style-access=true",
        "fieldlink.commands.artifacts.bucket=lwm2m-rollout-it",
        "fieldlink.commands.artifacts.create-bucket=true",
        "fieldlink.security.api-keys[0].id=lwm2m-rollout-it",
        "fieldlink.security.api-keys[0].tenant=" + Lwm2mRolloutIT.TENANT,
        // printf %s registry-it-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6"})
class Lwm2mRolloutIT {

    static final String TENANT = "OP0000000902";
    static final String KEY = "registry-it-key-a";
    static final String MASTER_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Lwm2mServer server;

    private final List<ActuatorFleet> fleets = new ArrayList<>();

    @AfterEach
    void stopDevices() {
        fleets.forEach(ActuatorFleet::close);
    }

    @Test
    void aModelRolledOutOverLwm2mIsDownloadedVerifiedAndInstalledOnEveryDevice() throws Exception {
        byte[] model = new byte[200_000];
        new Random(11).nextBytes(model);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        String artifactId = upload(model, "pest-model", "3.1.0");
        List<String> ids = registered(List.of(id("a"), id("b")), Long.MAX_VALUE);

        String rollout = createRollout("""
                {"artifactId": "%s", "deviceIds": ["%s", "%s"], "batchSize": 1, "transport": "lwm2m"}"""
                .formatted(artifactId, ids.get(0), ids.get(1)));
        await().atMost(PATIENCE).until(() -> "completed".equals(get(rollout).path("status").asString()));
        JsonNode done = get(rollout);
        assertThat(done.path("counts").path("succeeded").asInt()).isEqualTo(2);
        for (JsonNode device : done.path("devices")) {
            JsonNode command = get("/v1/commands/" + device.path("commandId").asString());
            assertThat(command.path("status").asString()).isEqualTo("executed");
            assertThat(command.path("result").path("sha256").asString()).isEqualTo(sha256);
        }
        // the device says what it installed (object 5 PkgName / PkgVersion), read over LwM2M through the API
        String read = postCommand(ids.get(0), """
                {"name": "lwm2m.read", "parameters": {"path": "/5/0"}}""");
        await().atMost(PATIENCE).until(() -> "executed".equals(get("/v1/commands/" + read).path("status").asString()));
        JsonNode values = get("/v1/commands/" + read).path("result");
        assertThat(values.path("/5/0/6").asString()).isEqualTo("pest-model");
        assertThat(values.path("/5/0/7").asString()).isEqualTo("3.1.0");
        assertThat(values.path("/5/0/5").asString()).isEqualTo("1");
    }

    @Test
    void aDeviceThatCannotTakeThePackageFailsWithItsUpdateResultAndHaltsTheRollout() throws Exception {
        byte[] model = new byte[50_000];
        new Random(12).nextBytes(model);
        String artifactId = upload(model, "big-model", "1.0.0");
        String first = registered(List.of(id("a")), Long.MAX_VALUE).getFirst();
        String small = registered(List.of(id("b")), 1_000).getFirst(); // room for 1 kB only
        String last = registered(List.of(id("c")), Long.MAX_VALUE).getFirst();

        String rollout = createRollout("""
                {"artifactId": "%s", "deviceIds": ["%s", "%s", "%s"], "batchSize": 1, "failureThreshold": 1,
                 "transport": "lwm2m"}""".formatted(artifactId, first, small, last));
        await().atMost(PATIENCE).until(() -> "halted".equals(get(rollout).path("status").asString()));
        for (JsonNode device : get(rollout).path("devices")) {
            String id = device.path("deviceId").asString();
            String expected = id.equals(first) ? "succeeded" : id.equals(small) ? "failed" : "skipped";
            assertThat(device.path("status").asString()).as(id).isEqualTo(expected);
            if (id.equals(small)) {
                assertThat(device.path("detail").asString()).contains("update result 2");
            }
        }
    }

    private static String id(String order) {
        // explicit lists keep their order; the suffix keeps runs apart
        return "lw-roll-" + order + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts simulated LwM2M devices over DTLS and waits until the registry has them. */
    private List<String> registered(List<String> ids, long maxPackageBytes) {
        Lwm2mOptions options = Lwm2mOptions.of(server.uri(Protocol.COAPS).orElseThrow()).withPskMaster(MASTER_KEY);
        if (maxPackageBytes != Long.MAX_VALUE) {
            options = options.withMaxPackageBytes(maxPackageBytes);
        }
        ActuatorFleet fleet = ActuatorFleet.lwm2m(options, ids).start();
        fleets.add(fleet);
        await().atMost(PATIENCE).until(() -> fleet.ready() == ids.size() && ids.stream().allMatch(id -> {
            try {
                return new ServiceHttp(port).get("/v1/devices/" + id, KEY).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }));
        return ids;
    }

    private String upload(byte[] bytes, String name, String version) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/artifacts?name=" + name + "&version=" + version + "&kind=model"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asString();
    }

    private String createRollout(String body) throws Exception {
        HttpResponse<String> response = post("/v1/rollouts", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return "/v1/rollouts/" + JSON.readTree(response.body()).path("rolloutId").asString();
    }

    private String postCommand(String deviceId, String body) throws Exception {
        HttpResponse<String> response = post("/v1/devices/" + deviceId + "/commands", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("commandId").asString();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return new ServiceHttp(port).postJson(path, KEY, body);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = new ServiceHttp(port).get(path, KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
