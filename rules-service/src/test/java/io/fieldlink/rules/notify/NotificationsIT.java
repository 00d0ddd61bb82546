package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Severity;
import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.definition.EmailTarget;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleJson;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WebhookTarget;
import io.fieldlink.rules.webhooks.WebhookReceiver;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.SmtpExtension;
import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithSmtp;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
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
 * Notifications end to end: alert events on the real broker, a real HTTP receiver that verifies every signature,
 * a real SMTP server, retries with a small back-off and the dead-letter topic after the last attempt.
 */
@WithKafka
@WithSmtp
// a cached context would keep its Streams app evaluating rules on the shared broker after this class
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.auto-offset-reset=earliest",
        "fieldlink.rules.dashboard-url=https://dash.example.com/",
        "fieldlink.rules.webhook.allowed-addresses[0]=127.0.0.1/32",
        "fieldlink.rules.webhook.max-attempts=" + NotificationsIT.MAX_ATTEMPTS,
        "fieldlink.rules.webhook.initial-backoff=100ms",
        "fieldlink.rules.webhook.multiplier=2",
        "fieldlink.rules.webhook.max-backoff=400ms",
        "fieldlink.rules.webhook.timeout=5s",
        "fieldlink.rules.email.from=alerts@fieldlink.example",
        "fieldlink.rules.email.max-attempts=2",
        "fieldlink.rules.email.initial-backoff=100ms"})
class NotificationsIT {

    static final int MAX_ATTEMPTS = 4;

    private static final String TENANT = "OP0000000001";
    private static final String SECRET = "it-webhook-secret-0123456789";
    private static final Instant RAISED_AT = Instant.parse("2026-11-27T10:00:00Z");

    private static WebhookReceiver receiver;
    private static KafkaProducer<String, byte[]> producer;

    /** The real catalog: the Streams app's global table of {@code iot.rules.v1}, fed by the rules tests publish. */
    @Autowired
    RuleCatalog rules;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void start() throws Exception {
        receiver = WebhookReceiver.start(SECRET);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aRaisedAlertIsPostedOnceSignedAndEmailedInJapanese() throws Exception {
        String device = unique("dev");
        String path = "/hooks/" + unique("ok");
        Rule rule = rule("温室が高温", new RuleNotifications(webhook(path), email("ops@example.com", null), null, null));
        AlertEvent raised = event(rule, device, "a1", 1, AlertEventType.RAISED);

        publish(raised);

        List<WebhookReceiver.Request> received = eventually().until(() -> receiver.requests(path), r -> !r.isEmpty());
        WebhookReceiver.Request request = received.getFirst();
        assertThat(request.signatureValid()).isTrue();
        assertThat(request.timestampFresh()).isTrue();
        assertThat(request.eventId()).isEqualTo(raised.eventId());
        assertThat(request.eventType()).isEqualTo("raised");
        JsonNode body = ContractJson.mapper().readTree(request.body());
        assertThat(ContractJson.mapper().treeToValue(body.path("event"), AlertEvent.class)).isEqualTo(raised);
        assertThat(body.path("ruleName").asString()).isEqualTo("温室が高温");
        assertThat(body.path("links").path("device").asString())
                .isEqualTo("https://dash.example.com/devices/" + device);

        MimeMessage mail = awaitMail(device);
        assertThat(mail.getSubject()).isEqualTo("[Fieldlink] 重大アラート発生: 温室が高温 (デバイス " + device + ")");
        assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("ops@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@fieldlink.example");
        assertThat(mail.getHeader("X-Fieldlink-Event-Id")[0]).isEqualTo(raised.eventId());
        assertThat(mail.getContent().toString()).contains("値: 36.2", "しきい値: 35",
                "https://dash.example.com/devices/" + device);

        // the clear comes after the raise in the same partition: once it is in, the raise was not sent again
        publish(event(rule, device, "a1", 2, AlertEventType.CLEARED));
        eventually().until(() -> receiver.requests(path).size() == 2);
        assertThat(receiver.requests(path)).extracting(WebhookReceiver.Request::eventType)
                .containsExactly("raised", "cleared");
    }

    @Test
    void aWebhookThatFailsTwiceIsRetriedAndDeliveredOnTheThirdAttempt() {
        String device = unique("dev");
        String path = "/hooks/" + unique("flaky");
        receiver.answer(path, 500, 500, 200);
        Rule rule = rule("flaky receiver", new RuleNotifications(webhook(path), null, null, null));

        publish(event(rule, device, "a1", 1, AlertEventType.RAISED));

        eventually().until(() -> receiver.requests(path).size() >= 3);
        assertThat(receiver.requests(path)).allSatisfy(request -> {
            assertThat(request.signatureValid()).isTrue();
            assertThat(request.eventId()).isEqualTo("a1-" + device + ":1");
        });

        // a permanently failing marker behind it on the same partition: its DLQ record proves the first one is done
        String markerPath = "/hooks/" + unique("marker");
        receiver.answer(markerPath, 400);
        Rule marker = rule("marker", new RuleNotifications(webhook(markerPath), null, null, null));
        publish(event(marker, device, "m1", 1, AlertEventType.RAISED));

        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(device, 1);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.getFirst(), "fieldlink-dlq-reason")).isEqualTo("webhook answered 400 after 1 attempt");
        assertThat(receiver.requests(path)).hasSize(3);
        assertThat(receiver.requests(markerPath)).hasSize(1);
    }

    @Test
    void aWebhookThatAlwaysFailsIsTriedMaxAttemptsTimesThenDeadLettered() {
        String device = unique("dev");
        String path = "/hooks/" + unique("down");
        receiver.answer(path, 500);
        Rule rule = rule("receiver down", new RuleNotifications(webhook(path), null, null, null));
        AlertEvent raised = event(rule, device, "a1", 1, AlertEventType.RAISED);
        byte[] original = ContractJson.write(raised);

        publish(raised);

        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(device, 1);
        assertThat(receiver.requests(path)).hasSize(MAX_ATTEMPTS);
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, byte[]> record = dead.getFirst();
        assertThat(record.key()).isEqualTo(device);
        assertThat(record.value()).isEqualTo(original);
        assertThat(header(record, "fieldlink-dlq-reason")).isEqualTo("webhook answered 500 after 4 attempts");
        assertThat(header(record, "fieldlink-notification-channel")).isEqualTo("webhook");
        assertThat(header(record, "kafka_dlt-original-consumer-group")).isEqualTo("fieldlink-rules-webhook");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
        record.headers().forEach(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8))
                .doesNotContain(SECRET).doesNotContain("v1="));
    }

    @Test
    void aRefusedAddressOrAnUnparsableRecipientIsDeadLetteredAtOnce() {
        String device = unique("dev");
        Rule rule = rule("metadata", new RuleNotifications(
                new WebhookTarget("http://169.254.169.254/latest/meta-data/", SECRET),
                email("not an address@@example", "en"), null, null));

        publish(event(rule, device, "a1", 1, AlertEventType.RAISED));

        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(device, 2);
        assertThat(dead).hasSize(2);
        Map<String, String> reasons = Map.of(
                header(dead.get(0), "fieldlink-notification-channel"), header(dead.get(0), "fieldlink-dlq-reason"),
                header(dead.get(1), "fieldlink-notification-channel"), header(dead.get(1), "fieldlink-dlq-reason"));
        assertThat(reasons.get("webhook")).isEqualTo("webhook address refused: the host 169.254.169.254 resolves to a "
                + "non-public address (169.254.169.254 is link-local) after 1 attempt");
        assertThat(reasons.get("email")).startsWith("the email cannot be built (").endsWith(" after 1 attempt");
    }

    @Test
    void transitionsNotInOnAndEventsOfDeletedRulesSendNothing() throws Exception {
        String device = unique("dev");
        String path = "/hooks/" + unique("only-raised");
        Rule rule = rule("only raised", new RuleNotifications(webhook(path), email("night@example.com", "en"),
                List.of("raised"), null));
        Rule deleted = new Rule(TENANT, unique("deleted"), 1, RAISED_AT, RAISED_AT, rule.spec()); // never in the catalog
        double missingBefore = skipped("rule-missing");

        publish(event(rule, device, "a0", 2, AlertEventType.CLEARED));
        publish(event(deleted, device, "a9", 1, AlertEventType.RAISED));
        publish(event(rule, device, "a1", 1, AlertEventType.RAISED));

        // the raise is behind the clear and the deleted rule's event on the same partition
        eventually().until(() -> receiver.requests(path).size() == 1);
        assertThat(receiver.requests(path).getFirst().eventId()).isEqualTo("a1-" + device + ":1");
        MimeMessage mail = awaitMail(device);
        assertThat(mail.getSubject()).isEqualTo("[Fieldlink] MAJOR alert raised: only raised (device " + device + ")");
        assertThat(mails(device)).hasSize(1);
        // one skip per channel
        assertThat(skipped("rule-missing")).isGreaterThanOrEqualTo(missingBefore + 2);
    }

    private double skipped(String reason) {
        return meters.find("fieldlink.rules.notifications.skipped").tag("reason", reason).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private Rule rule(String name, RuleNotifications notifications) {
        Rule rule = new Rule(TENANT, unique("rule"), 1, RAISED_AT, RAISED_AT, new RuleSpec(name, null, null,
                Severity.MAJOR, null, new ThresholdCondition("temperature", ">", 35.0, null, null), null,
                notifications, null));
        producer.send(new ProducerRecord<>(Topics.RULES.name(), rule.key(), RuleJson.write(rule)));
        producer.flush();
        eventually().until(() -> rules.find(TENANT, rule.ruleId()).isPresent());
        return rule;
    }

    private static WebhookTarget webhook(String path) {
        return new WebhookTarget(receiver.url(path).toString(), SECRET);
    }

    private static EmailTarget email(String to, String language) {
        return new EmailTarget(List.of(to), language);
    }

    private static AlertEvent event(Rule rule, String device, String alert, long sequence, AlertEventType type) {
        String alertId = alert + "-" + device;
        AlertStatus status = type == AlertEventType.CLEARED ? AlertStatus.CLEARED : AlertStatus.OPEN;
        return new AlertEvent(alertId + ":" + sequence, type, alertId, sequence, status, rule.tenantId(), device,
                rule.ruleId(), rule.spec().name(), Severity.MAJOR, RAISED_AT, RAISED_AT.plusSeconds(sequence),
                new AlertTrigger("temperature", 36.2, "temperature > 35.0", 35.0, null, null, null, RAISED_AT, null,
                        null),
                type == AlertEventType.CLEARED ? "condition-cleared" : null, null, null,
                type == AlertEventType.CLEARED ? RAISED_AT.plusSeconds(sequence) : null);
    }

    private static void publish(AlertEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), event.deviceId(), ContractJson.write(event)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("produce failed", e);
        }
    }

    private static MimeMessage awaitMail(String device) {
        return eventually().until(() -> mails(device), list -> !list.isEmpty()).getFirst();
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

    /** Waits until the DLQ holds at least {@code count} records with this key, and returns all of them. */
    private static List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String key, int count) {
        return eventually().until(() -> deadLetters(key), list -> list.size() >= count);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.NOTIFICATIONS_DLQ.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        matching.add(record);
                    }
                });
            }
            return matching;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
