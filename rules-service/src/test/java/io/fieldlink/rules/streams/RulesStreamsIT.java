package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.RulesApplication;
import io.fieldlink.rules.alerts.AlertBook;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleJson;
import io.fieldlink.testsupport.DataDirs;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.WithKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.fieldlink.rules.streams.Rules.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The rules Streams app inside the service against a real Kafka broker: a rule on {@code iot.rules.v1} and
 * readings on {@code iot.telemetry.v1} give alerts and commands; after a restart on the same state directory
 * nothing is lost or repeated.
 */
@WithKafka
class RulesStreamsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    // unique per run: the broker is shared by every IT class of the JVM
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String tenant = "OPIT" + suffix;
    private final String device = "dev-" + suffix;
    private final String applicationId = "rules-it-" + suffix;
    private final Path stateDir = DataDirs.newTempDir("rules-streams-it");
    private ConfigurableApplicationContext app;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        DataDirs.deleteRecursively(stateDir);
    }

    @Test
    void raisesAlertsAndCommandsAndResumesAfterARestartWithoutLosingOrRepeatingAny() {
        app = startApp();
        Rule rule = new Rule(tenant, "hot", 1, CREATED, CREATED,
                Rules.withSprinkler(Rules.hotSpec(30, 25), null));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.RULES.name(), rule.key(), RuleJson.write(rule)));
            producer.flush();
            RuleCatalog catalog = app.getBean(RuleCatalog.class);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(catalog.find(tenant, "hot")).contains(rule));

            send(producer, 0, 20);
            send(producer, 10, 31);
            List<AlertEvent> beforeRestart = await().atMost(PATIENCE)
                    .until(() -> read(Topics.ALERTS.name(), bytes -> ContractJson.read(bytes, AlertEvent.class)),
                            events -> !mine(events).isEmpty());
            AlertEvent raised = mine(beforeRestart).getFirst();
            assertThat(raised.type()).isEqualTo(AlertEventType.RAISED);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(myCommands()).extracting(
                    DeviceCommandRequested::origin).containsExactly("rule:hot:" + raised.alertId() + ":raised"));
            AlertBook book = app.getBean(AlertBook.class);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(book.find(raised.alertId())).contains(raised));
            assertThat(book.list(tenant, io.fieldlink.contracts.AlertStatus.OPEN, device, 10)).containsExactly(raised);
            assertThat(book.list(tenant, io.fieldlink.contracts.AlertStatus.CLEARED, null, 10)).isEmpty();
            assertThat(book.list("OP-nobody", null, null, 10)).isEmpty();
            assertThat(catalog.list(tenant)).containsExactly(rule);

            app.close();
            app = startApp();

            send(producer, 20, 35); // still raised: no news
            send(producer, 30, 20); // clears the alert raised before the restart
            send(producer, 40, 33); // a new episode
            List<AlertEvent> all = await().atMost(PATIENCE)
                    .until(() -> mine(read(Topics.ALERTS.name(), bytes -> ContractJson.read(bytes, AlertEvent.class))),
                            events -> events.size() >= 3);
            // one device's events are ordered on one partition: a repeat would show before the last one
            assertThat(all).extracting(AlertEvent::type, AlertEvent::alertId, AlertEvent::sequence).containsExactly(
                    tuple(AlertEventType.RAISED, raised.alertId(), 1L),
                    tuple(AlertEventType.CLEARED, raised.alertId(), 2L),
                    tuple(AlertEventType.RAISED, all.get(2).alertId(), 1L));
            assertThat(all.get(2).alertId()).isNotEqualTo(raised.alertId());
            assertThat(all).extracting(AlertEvent::eventId).doesNotHaveDuplicates();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(myCommands())
                    .extracting(DeviceCommandRequested::origin, DeviceCommandRequested::parameters).containsExactly(
                            tuple("rule:hot:" + raised.alertId() + ":raised", Map.of("state", "on")),
                            tuple("rule:hot:" + raised.alertId() + ":cleared", Map.of("state", "off")),
                            tuple("rule:hot:" + all.get(2).alertId() + ":raised", Map.of("state", "on"))));
        }
    }

    private ConfigurableApplicationContext startApp() {
        return new SpringApplicationBuilder(RulesApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaExtension.node().bootstrapServers(),
                "--fieldlink.rules.streams.application-id=" + applicationId,
                "--fieldlink.rules.streams.state-dir=" + stateDir,
                "--fieldlink.rules.streams.commit-interval=100ms",
                "--fieldlink.rules.streams.cache-max-bytes=0",
                "--fieldlink.rules.streams.store-wait=5s",
                // the restarted app joins at once instead of waiting out the stopped member's session (45s)
                "--fieldlink.rules.streams.properties.[main.consumer.session.timeout.ms]=6000");
    }

    private void send(KafkaProducer<String, byte[]> producer, long seconds, double temperature) {
        Instant eventTime = CREATED.plusSeconds(seconds);
        TelemetryReceived reading = new TelemetryReceived(tenant, device, "m-" + seconds, eventTime, eventTime,
                SourceProtocol.HTTP, null, Map.of("temperature", temperature), null);
        producer.send(new ProducerRecord<>(Topics.TELEMETRY.name(), device, ContractJson.write(reading)));
        producer.flush();
    }

    private List<AlertEvent> mine(List<AlertEvent> events) {
        return events.stream().filter(event -> event.deviceId().equals(device)).toList();
    }

    private List<DeviceCommandRequested> myCommands() {
        return read(Topics.COMMANDS.name(), bytes -> ContractJson.read(bytes, DeviceCommandRequested.class)).stream()
                .filter(command -> command.deviceId().equals(device)).toList();
    }

    /** Every committed record of the topic, in partition order. */
    private static <T> List<T> read(String topic, Function<byte[], T> parse) {
        return KafkaExtension.node().readAll(topic).stream().map(record -> parse.apply(record.value())).toList();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
