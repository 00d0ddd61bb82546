package io.fieldlink.rules;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.TelemetrySerializer;
import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.webhooks.WebhookReceiver;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.SmtpExtension;
import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithSmtp;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The whole rules service through its public surfaces only, on real servers: rules and acknowledgements go in
 * through the REST API, readings through {@code iot.telemetry.v1}; alerts come out as signed webhooks (checked by
 * a real HTTP receiver), emails (a real SMTP server), events on {@code iot.alerts.v1} and sprinkler commands on
 * {@code iot.commands.v1}.
 */
@WithKafka
@WithSmtp
// a cached context would keep its Streams app and notifiers running on the shared broker after this class
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.auto-offset-reset=earliest",
        "fieldlink.rules.webhook.allowed-addresses[0]=127.0.0.1/32",
        // alert events of other test classes on the shared broker may point at receivers that are gone:
        // give up on them quickly so they do not hold up this class's partitions
        "fieldlink.rules.webhook.max-attempts=2",
        "fieldlink.rules.webhook.initial-backoff=100ms",
        "fieldlink.rules.email.max-attempts=2",
        "fieldlink.rules.email.initial-backoff=100ms",
        "fieldlink.rules.email.from=alerts@fieldlink.example",
        "fieldlink.rules.dashboard-url=https://dash.example.com/",
        "fieldlink.security.api-keys[0].id=pipeline-it",
        "fieldlink.security.api-keys[0].tenant=" + RulesPipelineIT.TENANT,
        // printf %s pipeline-it-key | sha256sum
        "fieldlink.security.api-keys[0].sha256=071bd1e6a35c921050a3fd582e982458060dda11c3551704d46c44a949c59552",
        "fieldlink.security.api-keys[1].id=pipeline-other",
        "fieldlink.security.api-keys[1].tenant=" + RulesPipelineIT.OTHER_TENANT,
        // printf %s pipeline-other-key | sha256sum
        "fieldlink.security.api-keys[1].sha256=03b07eaf874bd694a12c7ff181bca19bb2824c30baf35b4cfb3a56a175564ae0"})
class RulesPipelineIT {

    // tenants of their own: other test classes leave rules of OP0000000001 on the shared broker's compacted topic
    static final String TENANT = "OP0000000101";
    static final String OTHER_TENANT = "OP0000000102";

    private static final String KEY = "pipeline-it-key";
    private static final String OTHER_KEY = "pipeline-other-key";
    private static final String SECRET = "pipeline-webhook-secret-0123456789";
    private static final String PROBLEM = "https://fieldlink.io/problems/";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static WebhookReceiver receiver;
    private static KafkaProducer<String, TelemetryReceived> telemetry;
    private static KafkaProducer<String, byte[]> rawTelemetry;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @LocalServerPort
    int port;

    @BeforeAll
    static void start() throws Exception {
        receiver = WebhookReceiver.start(SECRET);
        String bootstrap = KafkaExtension.node().bootstrapServers();
        telemetry = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new TelemetrySerializer());
        rawTelemetry = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (telemetry != null) {
            telemetry.close(Duration.ofSeconds(5));
        }
        if (rawTelemetry != null) {
            rawTelemetry.close(Duration.ofSeconds(5));
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void anAlertIsRaisedAcknowledgedAndClearedOnceWithWebhooksEmailsAndSprinklerCommands() throws Exception {
        String ruleId = "hot-" + suffix;
        String device = "dev-" + suffix;
        String hook = "/hooks/" + suffix;

        // 1. the farm rule through the API
        String ruleBody = farmRule(device, receiver.url(hook).toString());
        HttpResponse<String> created = put("/v1/rules/" + ruleId, ruleBody, KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> read = get("/v1/rules/" + ruleId, KEY);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        JsonNode rule = json(read);
        assertThat(rule.path("name").asString()).isEqualTo("温室が高温");
        assertThat(rule.path("condition").path("type").asString()).isEqualTo("anyOf");
        assertThat(rule.path("notifications").path("webhook").path("secretSet").asBoolean()).isTrue();
        assertThat(read.body()).doesNotContain(SECRET);

        // 2. a minute above 35 raises; the pending first reading alone does not
        send(device, "m1", T0, 36);
        send(device, "m2", T0.plusSeconds(61), 37);

        WebhookReceiver.Request raisedHook = eventually().until(() -> receiver.requests(hook), r -> !r.isEmpty())
                .getFirst();
        assertThat(raisedHook.signatureValid()).isTrue();
        assertThat(raisedHook.timestampFresh()).isTrue();
        assertThat(raisedHook.eventType()).isEqualTo("raised");
        JsonNode raisedBody = ContractJson.mapper().readTree(raisedHook.body());
        AlertEvent raised = ContractJson.mapper().treeToValue(raisedBody.path("event"), AlertEvent.class);
        String alertId = raised.alertId();
        assertThat(raisedHook.eventId()).isEqualTo(alertId + ":1");
        assertThat(raised.type()).isEqualTo(AlertEventType.RAISED);
        assertThat(raised.tenantId()).isEqualTo(TENANT);
        assertThat(raised.deviceId()).isEqualTo(device);
        assertThat(raised.ruleId()).isEqualTo(ruleId);
        assertThat(raised.raisedAt()).isEqualTo(T0.plusSeconds(61));
        assertThat(raised.trigger().value()).isEqualTo(37.0);
        assertThat(raised.trigger().condition()).isEqualTo("temperature > 35.0 for PT1M");
        assertThat(raised.trigger().messageId()).isEqualTo("m2");
        assertThat(raisedBody.path("links").path("alert").asString())
                .isEqualTo("https://dash.example.com/alerts/" + alertId);

        MimeMessage raisedMail = eventually().until(() -> mails(device), m -> !m.isEmpty()).getFirst();
        assertThat(raisedMail.getSubject()).isEqualTo(subject("発生", device));
        assertThat(raisedMail.getAllRecipients()[0].toString()).isEqualTo("farm@example.com");
        assertThat(raisedMail.getHeader("X-Fieldlink-Event-Id")[0]).isEqualTo(alertId + ":1");

        eventually().until(() -> commands(device), c -> !c.isEmpty());
        assertThat(commands(device)).singleElement().satisfies(on -> {
            assertThat(on.tenantId()).isEqualTo(TENANT);
            assertThat(on.deviceId()).isEqualTo(device); // and found under the device's key
            assertThat(on.name()).isEqualTo("sprinkler");
            assertThat(on.parameters()).isEqualTo(Map.of("state", "on"));
            assertThat(on.timeToLive()).isEqualTo(Duration.ofMinutes(10));
            assertThat(on.origin()).isEqualTo("rule:" + ruleId + ":" + alertId + ":raised");
        });

        JsonNode open = eventually().until(() -> alertList("open", device), items -> items.size() == 1);
        assertThat(open.path(0).path("alertId").asString()).isEqualTo(alertId);
        assertThat(open.path(0).path("status").asString()).isEqualTo("open");
        assertThat(open.path(0).path("severity").asString()).isEqualTo("major");

        // 3. acknowledged through the API; the Streams app applies it
        HttpResponse<String> ack = post("/v1/alerts/" + alertId + "/ack", "{\"note\": \"vents opened\"}", KEY);
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        JsonNode acknowledged = eventually().until(() -> json(get("/v1/alerts/" + alertId, KEY)),
                alert -> alert.path("status").asString().equals("acknowledged"));
        assertThat(acknowledged.path("acknowledgedBy").asString()).isEqualTo("pipeline-it");
        assertThat(acknowledged.path("lastEvent").asString()).isEqualTo("acknowledged");
        assertThat(alerts(device)).extracting(AlertEvent::type)
                .containsExactly(AlertEventType.RAISED, AlertEventType.ACKNOWLEDGED);

        // 4. 33 keeps it raised (hysteresis), 29 clears it
        send(device, "m3", T0.plusSeconds(120), 33);
        send(device, "m4", T0.plusSeconds(180), 29);

        // one device's events share one partition: once the clear is out, the 33 has been evaluated too
        List<AlertEvent> events = eventually().until(() -> alerts(device), e -> e.size() >= 3);
        assertThat(events).extracting(AlertEvent::type, AlertEvent::alertId, AlertEvent::sequence).containsExactly(
                tuple(AlertEventType.RAISED, alertId, 1L),
                tuple(AlertEventType.ACKNOWLEDGED, alertId, 2L),
                tuple(AlertEventType.CLEARED, alertId, 3L));
        AlertEvent cleared = events.get(2);
        assertThat(cleared.reason()).isEqualTo("condition-cleared");
        assertThat(cleared.trigger().value()).isEqualTo(29.0);
        assertThat(cleared.clearedAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(cleared.acknowledgedBy()).isEqualTo("pipeline-it");

        // each notifier reads the events of a device in order: the clear arriving last proves no repeat before it
        eventually().until(() -> receiver.requests(hook).size() >= 2);
        assertThat(receiver.requests(hook)).extracting(WebhookReceiver.Request::eventType,
                WebhookReceiver.Request::eventId, WebhookReceiver.Request::signatureValid).containsExactly(
                tuple("raised", alertId + ":1", true),
                tuple("cleared", alertId + ":3", true));
        eventually().until(() -> mails(device).size() >= 2);
        assertThat(mails(device)).extracting(MimeMessage::getSubject).containsExactly(
                subject("発生", device), subject("解除", device));
        eventually().until(() -> commands(device).size() >= 2);
        assertThat(commands(device)).extracting(DeviceCommandRequested::origin, DeviceCommandRequested::parameters)
                .containsExactly(
                        tuple("rule:" + ruleId + ":" + alertId + ":raised", Map.of("state", "on")),
                        tuple("rule:" + ruleId + ":" + alertId + ":cleared", Map.of("state", "off")));

        JsonNode clearedList = eventually().until(() -> alertList("cleared", device), items -> items.size() == 1);
        assertThat(clearedList.path(0).path("alertId").asString()).isEqualTo(alertId);
        assertThat(clearedList.path(0).path("clearedAt").asString()).isEqualTo(T0.plusSeconds(180).toString());
        assertThat(alertList("open", device).size()).isZero();
        assertThat(alertList("acknowledged", device).size()).isZero();

        // 5. another tenant sees none of it
        assertProblem(get("/v1/rules/" + ruleId, OTHER_KEY), 404, "rule-not-found");
        assertProblem(get("/v1/alerts/" + alertId, OTHER_KEY), 404, "alert-not-found");
        assertProblem(post("/v1/alerts/" + alertId + "/ack", "{}", OTHER_KEY), 404, "alert-not-found");
        assertThat(json(get("/v1/alerts", OTHER_KEY)).path("items").isEmpty()).isTrue();
        assertThat(json(get("/v1/rules", OTHER_KEY)).path("items").isEmpty()).isTrue();
    }

    @Test
    void aRefusedWebhookUrlIsAnInvalidRuleAndAPoisonReadingIsDeadLetteredWhileEvaluationGoesOn() throws Exception {
        String refusedId = "metadata-" + suffix;
        String metadataHook = farmRule("dev-" + suffix, "http://169.254.169.254/latest");
        HttpResponse<String> refused = put("/v1/rules/" + refusedId, metadataHook, KEY);
        JsonNode problem = assertProblem(refused, 400, "invalid-rule");
        List<String> fields = new ArrayList<>();
        problem.path("violations").forEach(violation -> fields.add(violation.path("field").asString()));
        assertThat(fields).containsExactly("notifications.webhook.url");
        assertThat(refused.body()).doesNotContain(SECRET);
        assertProblem(get("/v1/rules/" + refusedId, KEY), 404, "rule-not-found");

        String ruleId = "hot-" + suffix;
        String device = "dev-" + suffix;
        String hook = "/hooks/" + suffix;
        assertThat(put("/v1/rules/" + ruleId, farmRule(device, receiver.url(hook).toString()), KEY).statusCode())
                .isEqualTo(201);

        byte[] poison = "not json {".getBytes(StandardCharsets.UTF_8);
        rawTelemetry.send(new ProducerRecord<>(Topics.TELEMETRY.name(), device, poison)).get(30, TimeUnit.SECONDS);
        // same key, same partition: the app must get past the poison record to raise on this one (> 40 at once)
        send(device, "m1", T0, 41);

        ConsumerRecord<String, byte[]> dead = eventually()
                .until(() -> records(Topics.RULES_DLQ.name(), device), d -> !d.isEmpty()).getFirst();
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(header(dead, RecordHeaders.DLQ_REASON)).startsWith("undeserialisable telemetry: ");
        assertThat(header(dead, "fieldlink-dlq-original-topic")).isEqualTo(Topics.TELEMETRY.name());

        List<AlertEvent> raised = eventually().until(() -> alerts(device), a -> !a.isEmpty());
        assertThat(raised).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEventType.RAISED);
            assertThat(event.trigger().value()).isEqualTo(41.0);
            assertThat(event.trigger().condition()).isEqualTo("temperature > 40.0");
        });
        eventually().until(() -> receiver.requests(hook).size() == 1);
        assertThat(receiver.requests(hook).getFirst().signatureValid()).isTrue();
        assertThat(records(Topics.RULES_DLQ.name(), device)).hasSize(1);
    }

    /**
     * The farm rule: raised after a minute above 35 or at once above 40, cleared below 30. Scoped to one device,
     * so the rules of one test do not raise on the devices of another. Its cooldown is far longer than the test on
     * purpose: the clear's "off" must still reach the sprinkler.
     */
    private static String farmRule(String device, String webhookUrl) {
        return """
                {"name": "温室が高温", "severity": "major", "scope": {"deviceId": "%s"},
                 "condition": {"type": "anyOf", "conditions": [
                     {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 35, "for": "PT1M"},
                     {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 40}]},
                 "clear": {"type": "threshold", "measurement": "temperature", "operator": "<", "value": 30},
                 "notifications": {
                     "webhook": {"url": "%s", "secret": "%s"},
                     "email": {"to": ["farm@example.com"], "language": "ja"}},
                 "actions": {
                     "onRaise": {"name": "sprinkler", "parameters": {"state": "on"}, "timeToLive": "PT10M"},
                     "onClear": {"name": "sprinkler", "parameters": {"state": "off"}},
                     "cooldown": "PT10M"}}""".formatted(device, webhookUrl, SECRET);
    }

    /** The Japanese subject of the farm rule's email for a transition ({@code 発生} raised, {@code 解除} cleared). */
    private static String subject(String transition, String device) {
        return "[Fieldlink] 重大アラート" + transition + ": 温室が高温 (デバイス " + device + ")";
    }

    private JsonNode alertList(String state, String device) throws Exception {
        return json(get("/v1/alerts?state=" + state + "&deviceId=" + device, KEY)).path("items");
    }

    private static void send(String device, String messageId, Instant eventTime, double temperature) throws Exception {
        TelemetryReceived reading = new TelemetryReceived(TENANT, device, messageId, eventTime, eventTime,
                SourceProtocol.HTTP, null, Map.of("temperature", temperature), null);
        telemetry.send(new ProducerRecord<>(Topics.TELEMETRY.name(), device, reading)).get(30, TimeUnit.SECONDS);
    }

    private static List<AlertEvent> alerts(String device) {
        return records(Topics.ALERTS.name(), device).stream()
                .map(record -> ContractJson.read(record.value(), AlertEvent.class)).toList();
    }

    private static List<DeviceCommandRequested> commands(String device) {
        return records(Topics.COMMANDS.name(), device).stream()
                .map(record -> ContractJson.read(record.value(), DeviceCommandRequested.class)).toList();
    }

    /** The committed records of the topic with this key, in partition order. */
    private static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
        return KafkaExtension.node().readAll(topic).stream().filter(record -> key.equals(record.key())).toList();
    }

    private static List<MimeMessage> mails(String device) throws Exception {
        List<MimeMessage> matching = new ArrayList<>();
        for (MimeMessage message : SmtpExtension.node().receivedMessages()) {
            if (message.getSubject() != null && message.getSubject().contains(device)) {
                matching.add(message);
            }
        }
        return matching;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo(PROBLEM + type);
        return problem;
    }

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        return new ServiceHttp(port).get(path, apiKey);
    }

    private HttpResponse<String> put(String path, String body, String apiKey) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)), apiKey);
    }

    private HttpResponse<String> post(String path, String body, String apiKey) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), apiKey);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** PUT and POST with a JSON body and the key ({@link ServiceHttp} has only GET; the lead may move this there). */
    private static HttpResponse<String> send(HttpRequest.Builder request, String apiKey) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return ContractJson.mapper().readTree(response.body());
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
    }
}
