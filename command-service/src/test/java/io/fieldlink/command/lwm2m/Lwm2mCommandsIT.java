package io.fieldlink.command.lwm2m;

import io.fieldlink.command.CommandApplication;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceObservationReported;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands over LwM2M end to end: command-service's Leshan server on loopback (free ports), real Leshan clients over
 * plain CoAP and DTLS with a PSK, a real Kafka broker. Registration -> registry; commands -> CoAP requests -> executed;
 * a de-registered device gets its command when it registers again; observed values -> iot.device-observations.v1.
 */
@WithKafka
@DirtiesContext
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
        "fieldlink.commands.lwm2m.enabled=true",
        "fieldlink.commands.lwm2m.bind-address=127.0.0.1",
        "fieldlink.commands.lwm2m.coap-port=0",
        "fieldlink.commands.lwm2m.coaps-port=0",
        "fieldlink.commands.lwm2m.allow-plain-coap=true",
        "fieldlink.commands.lwm2m.default-tenant=" + Lwm2mCommandsIT.TENANT,
        "fieldlink.commands.lwm2m.clients[0].endpoint=" + Lwm2mCommandsIT.DTLS_DEVICE,
        "fieldlink.commands.lwm2m.clients[0].psk-key=" + Lwm2mCommandsIT.DTLS_KEY,
        "fieldlink.commands.lifecycle.tick-interval=200ms",
        "fieldlink.commands.lifecycle.consumer-group=lwm2m-it-${random.uuid}",
        "fieldlink.commands.registry.consumer-group=lwm2m-it-registry-${random.uuid}",
        "fieldlink.security.api-keys[0].id=lwm2m-it",
        "fieldlink.security.api-keys[0].tenant=" + Lwm2mCommandsIT.TENANT,
        // printf %s registry-it-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6"})
class Lwm2mCommandsIT {

    static final String TENANT = "OP0000000901";
    static final String KEY = "registry-it-key-a";
    static final String DTLS_DEVICE = "lwm2m-it-dtls";
    static final String DTLS_KEY = "4c77324d2d69742d736563726574"; // "Lw2M-it-secret"
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Lwm2mServer server;

    private final List<TestLwm2mDevice> devices = new ArrayList<>();

    @AfterEach
    void stopDevices() {
        devices.forEach(TestLwm2mDevice::close);
    }

    @Test
    void aPlainCoapDeviceIsRegisteredAndItsSprinklerObeysACommandOverLwm2m() throws Exception {
        TestLwm2mDevice device = registered(plainDevice());
        JsonNode listed = JSON.readTree(new ServiceHttp(port).get("/v1/devices/" + device.endpoint, KEY).body());
        assertThat(listed.path("lastProtocol").asString()).isEqualTo("lwm2m");

        String id = post(device.endpoint, """
                {"name": "sprinkler", "parameters": {"state": "on"}, "transport": "lwm2m"}""");

        await().atMost(PATIENCE).until(() -> "executed".equals(command(id).path("status").asString()));
        assertThat(device.sprinkler.on()).isTrue();
        assertThat(command(id).path("result").path("state").asString()).isEqualTo("on");
        assertThat(journal(id)).extracting(record -> record.status().wireName())
                .containsExactly("queued", "sent", "delivered", "executed");
    }

    @Test
    void aDtlsPskDeviceGetsAutoCommandsOverLwm2mAndAReadAnswersWithTheValue() throws Exception {
        TestLwm2mDevice device = registered(track(new TestLwm2mDevice(DTLS_DEVICE, server.uri(Protocol.COAPS).orElseThrow(),
                HexFormat.of().parseHex(DTLS_KEY))));

        String read = post(device.endpoint, """
                {"name": "lwm2m.read", "parameters": {"path": "/3303/0/5700"}}""");
        await().atMost(PATIENCE).until(() -> "executed".equals(command(read).path("status").asString()));
        assertThat(command(read).path("result").path("/3303/0/5700").asString()).isEqualTo("21.5");

        String off = post(device.endpoint, """
                {"name": "sprinkler", "parameters": {"state": "off"}}""");
        await().atMost(PATIENCE).until(() -> "executed".equals(command(off).path("status").asString()));
        assertThat(device.sprinkler.switched).containsExactly(false);
    }

    @Test
    void anEndpointWithAKeyCannotRegisterOverPlainCoap() {
        TestLwm2mDevice impostor = track(new TestLwm2mDevice(DTLS_DEVICE, server.uri(Protocol.COAP).orElseThrow(), null));
        impostor.start();
        await().atMost(PATIENCE).until(() -> !impostor.refusals.isEmpty());
        assertThat(impostor.refusals.getFirst()).startsWith("FORBIDDEN");
        assertThat(impostor.registered()).isFalse();
    }

    @Test
    void aDeregisteredDeviceGetsItsCommandWhenItRegistersAgain() throws Exception {
        TestLwm2mDevice device = registered(plainDevice());
        device.stop();
        await().atMost(PATIENCE).until(() -> server.registration(device.endpoint) == null);

        String id = post(device.endpoint, """
                {"name": "sprinkler", "parameters": {"state": "on"}, "transport": "lwm2m"}""");
        await().atMost(PATIENCE).until(() -> List.of("queued", "sent").contains(command(id).path("status").asString()));
        assertThat(device.sprinkler.switched).isEmpty();

        device.start();
        await().atMost(PATIENCE).until(() -> "executed".equals(command(id).path("status").asString()));
        assertThat(device.sprinkler.switched).containsExactly(true);
    }

    @Test
    void observedTemperaturesAreRelayedForIngest() {
        TestLwm2mDevice device = registered(plainDevice());
        // the server observes /3303/0/5700 on registration; a change is notified
        await().atMost(PATIENCE).untilAsserted(() -> {
            device.temperature.set(30.5);
            assertThat(observations(device.endpoint)).anySatisfy(observation -> {
                assertThat(observation.tenantId()).isEqualTo(TENANT);
                assertThat(observation.measurements()).containsEntry("temperature", 30.5);
            });
        });
    }

    private TestLwm2mDevice plainDevice() {
        return track(new TestLwm2mDevice("lwm2m-it-" + UUID.randomUUID(), server.uri(Protocol.COAP).orElseThrow(), null));
    }

    private TestLwm2mDevice track(TestLwm2mDevice device) {
        devices.add(device);
        return device;
    }

    private TestLwm2mDevice registered(TestLwm2mDevice device) {
        device.start();
        // registered with the server, and in the registry (the API knows the device)
        await().atMost(PATIENCE).until(() -> server.registration(device.endpoint) != null
                && new ServiceHttp(port).get("/v1/devices/" + device.endpoint, KEY).statusCode() == 200);
        return device;
    }

    private String post(String deviceId, String body) throws Exception {
        HttpResponse<String> response = new ServiceHttp(port).postJson("/v1/devices/" + deviceId + "/commands", KEY,
                body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("commandId").asString();
    }

    private JsonNode command(String id) throws Exception {
        HttpResponse<String> response = new ServiceHttp(port).get("/v1/commands/" + id, KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<CommandStatusChanged> journal(String commandId) {
        return KafkaExtension.node().readAll(Topics.COMMAND_STATUS.name()).stream()
                .map(record -> ContractJson.read(record.value(), CommandStatusChanged.class))
                .filter(record -> record.commandId().equals(commandId)).toList();
    }

    private static List<DeviceObservationReported> observations(String deviceId) {
        return KafkaExtension.node().readAll(Topics.DEVICE_OBSERVATIONS.name()).stream()
                .filter(record -> deviceId.equals(record.key()))
                .map(record -> ContractJson.read(record.value(), DeviceObservationReported.class)).toList();
    }
}
