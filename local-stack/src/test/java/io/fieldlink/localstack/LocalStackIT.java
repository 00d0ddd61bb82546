package io.fieldlink.localstack;

import io.fieldlink.contracts.ApiKeyChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.DataDirs;
import io.fieldlink.testsupport.FreePorts;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "Done when" of the local mode, automated: the whole suite from the built jars on free ports,
 * the farm posting signed readings, and the dashboard API listing the devices with series points.
 */
class LocalStackIT {

    private static final String API_KEY = "it-dashboard-key";
    /** A second tenant beside the farm's (OP0000000001), with an operator key; see issueKeyOfAnotherTenant. */
    private static final String OTHER_TENANT = "OP0000000002";
    private static final String OTHER_TENANT_KEY = "it-other-tenant-key";
    private static final String TENANCY_RULE = "tenancy-probe";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private static LocalSettings settings;
    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        Path home = DataDirs.newTempDir("local-stack-it");
        Map<String, String> env = new HashMap<>();
        env.put("FIELDLINK_HOME", home.toString());
        env.put("FIELDLINK_REPO", Path.of("..").toAbsolutePath().normalize().toString());
        env.put("FIELDLINK_API_KEY", API_KEY);
        env.put("FIELDLINK_BEAM_PSK", "it-psk");
        env.put("FIELDLINK_SIM_INTERVAL_SECONDS", "1");
        for (String port : new String[]{"DASHBOARD", "INGEST", "RULES", "COMMAND", "KAFKA", "KAFKA_CONTROLLER",
                "OPENSEARCH", "MQTT", "S3", "SMTP"}) {
            env.put("FIELDLINK_" + port + "_PORT", "0");
        }
        settings = LocalSettings.fromEnvironment(env);
        stack = new LocalStack(settings, new PrintStream(console, true, StandardCharsets.UTF_8));
        stack.start();
    }

    /** Stopping is part of the contract: every child process and server is gone, its port free again. */
    @AfterAll
    static void stopSuite() {
        if (stack == null) {
            return;
        }
        stack.close();
        int[] ports = {settings.kafkaPort(), settings.openSearchPort(), settings.mqttPort(), settings.s3Port(),
                settings.smtpPort(), settings.dashboardPort(), settings.ingestPort(), settings.rulesPort(),
                settings.commandPort()};
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int port : ports) {
                assertThat(FreePorts.isFree(port)).as("port %d free after close", port).isTrue();
            }
        });
    }

    @Test
    void farmDevicesShowUpWithSeriesPoints() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(count("\"deviceId\"", get("/v1/devices"))).isEqualTo(10));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String series = get("/v1/devices/295000000000001/series?metric=temperature&interval=1s&agg=avg");
            assertThat(series).contains("\"metric\":\"temperature\"");
            assertThat(Pattern.compile("\"value\":\\d").matcher(series).results().count()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void everyServiceIsReadyAndRefusesCallsWithoutAKey() throws Exception {
        for (int port : new int[]{settings.dashboardPort(), settings.ingestPort(), settings.rulesPort(), settings.commandPort()}) {
            assertThat(status(port, "/actuator/health/readiness", null)).isEqualTo(200);
            assertThat(status(port, "/actuator/prometheus", null)).isEqualTo(401);
            assertThat(status(port, "/actuator/prometheus", API_KEY)).isEqualTo(200);
        }
    }

    @Test
    void theFarmRuleIsCreatedThroughTheRulesApi() throws Exception {
        HttpResponse<String> rule = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + settings.rulesPort() + "/v1/rules/" + FarmRule.RULE_ID))
                .header("Authorization", "Bearer " + API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(200);
        assertThat(rule.body()).contains("\"severity\":\"major\"", "\"name\":\"sprinkler\"", "farmer@fieldlink.local");
    }

    @Test
    void everyFarmSprinklerReportsOnlineOnTheLocalBroker() throws Exception {
        var statuses = new java.util.concurrent.ConcurrentHashMap<String, String>();
        var reader = new MqttClient(settings.mqttUri().toString(), "local-stack-it-status", new MemoryPersistence());
        reader.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                statuses.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
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
        try {
            reader.connect(new MqttConnectionOptions());
            reader.subscribe("devices/+/status", 1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statuses)
                    .hasSize(settings.simulatedDevices())
                    .containsEntry("devices/295000000000001/status", "online")
                    .allSatisfy((topic, status) -> assertThat(status).as(topic).isEqualTo("online")));
        } finally {
            reader.disconnect();
            reader.close(true);
        }
    }

    /**
     * Issue 6's tenant safety through the whole suite: dashboard-api forwards writes with the caller's key and the
     * owners (command-service, rules-service) scope them. Tenant A (the farm's) commands its sprinkler and it is
     * executed; another tenant's key gets 404 for the same device and for A's alert, exactly as for ids that do
     * not exist.
     */
    @Test
    void anotherTenantCanNeitherCommandNorAcknowledgeTheFarmsDevicesThroughTheDashboardApi() throws Exception {
        String device = "295000000000003";
        String command = "{\"name\":\"sprinkler\",\"parameters\":{\"state\":\"on\"}}";
        issueKeyOfAnotherTenant();

        // A: command-service knows the device once its telemetry registered it
        HttpResponse<String> accepted = await().atMost(Duration.ofSeconds(90)).until(
                () -> post("/v1/devices/" + device + "/commands", API_KEY, command), r -> r.statusCode() == 202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/v1/commands/");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(location)).contains("\"status\":\"executed\"", "\"deviceId\":\"" + device + "\""));

        // B, on the same device: the key reaches every service within seconds (401 until then)
        HttpResponse<String> foreignCommand = await().atMost(Duration.ofSeconds(30)).until(
                () -> post("/v1/devices/" + device + "/commands", OTHER_TENANT_KEY, command), r -> r.statusCode() != 401);
        assertThat(foreignCommand.statusCode()).as(foreignCommand.body()).isEqualTo(404);
        assertThat(foreignCommand.body()).contains("https://fieldlink.io/problems/device-not-found");

        // an alert of A's: a rule of A's that fires on the next reading of one device
        String alertDevice = "295000000000004";
        HttpResponse<String> rule = send("PUT", "/v1/rules/" + TENANCY_RULE, API_KEY, """
                {"name": "tenancy probe", "severity": "info", "scope": {"deviceId": "%s"},
                 "condition": {"type": "threshold", "measurement": "temperature", "operator": ">", "value": -1000},
                 "notifications": {"email": {"to": ["farmer@fieldlink.local"], "language": "en"}}}
                """.formatted(alertDevice));
        assertThat(rule.statusCode()).as(rule.body()).isIn(200, 201);
        try {
            // the first alert creates the alerts index: until its shard is up the list answers 503 (Retry-After)
            String alertId = await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(AssertionError.class)
                    .until(() -> {
                Matcher id = Pattern.compile("\"alertId\":\"([^\"]+)\"")
                        .matcher(get("/v1/alerts?state=open&severity=info&deviceId=" + alertDevice));
                return id.find() ? id.group(1) : null;
            }, java.util.Objects::nonNull);

            HttpResponse<String> foreignAck = post("/v1/alerts/" + alertId + "/ack", OTHER_TENANT_KEY, "{}");
            assertThat(foreignAck.statusCode()).as(foreignAck.body()).isEqualTo(404);
            assertThat(foreignAck.body()).contains("https://fieldlink.io/problems/alert-not-found");
            HttpResponse<String> unknownAck = post("/v1/alerts/no-such-alert/ack", OTHER_TENANT_KEY, "{}");
            assertThat(unknownAck.statusCode()).isEqualTo(404);
        } finally {
            send("DELETE", "/v1/rules/" + TENANCY_RULE, API_KEY, null);
        }
    }

    /**
     * A key of a second tenant, as dashboard-api's admin API would issue it: an {@code ApiKeyChanged} on
     * {@code iot.api-keys.v1}, which every service follows. Written directly because an admin can only issue keys
     * of its own tenant, and the local mode has no second tenant to configure.
     */
    private static void issueKeyOfAnotherTenant() throws Exception {
        ApiKeyChanged key = new ApiKeyChanged("it-other-tenant", OTHER_TENANT, "tenancy IT", Set.of("operator"),
                ServiceConfigs.sha256Hex(OTHER_TENANT_KEY), Instant.now(), null);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.API_KEYS.name(), key.keyId(), ContractJson.write(key)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return send("POST", path, key, body);
    }

    /** A call to dashboard-api with a key; a body is sent as JSON, a POST with an Idempotency-Key. */
    private static HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.dashboardPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (method.equals("POST")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + settings.dashboardPort() + path))
                .header("Authorization", "Bearer " + API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static int status(int port, String path, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int count(String needle, String haystack) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(haystack);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
