package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleScope;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.fieldlink.rules.streams.Rules.OTHER_TENANT;
import static io.fieldlink.rules.streams.Rules.TENANT;
import static io.fieldlink.rules.streams.TopologyHarness.WALL_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RulesTopologyTest {

    private static final String DEVICE = "295000000000001";
    private static final String OTHER_DEVICE = "295000000000002";

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aThresholdRaisesOnceAndClearsOnce() {
        harness.putRule(Rules.hot(30, 25));

        harness.reading(TENANT, DEVICE, 0, 20);
        harness.reading(TENANT, DEVICE, 10, 31);
        harness.reading(TENANT, DEVICE, 20, 35);
        harness.reading(TENANT, DEVICE, 30, 27); // between clear and raise: still raised
        harness.reading(TENANT, DEVICE, 40, 24);
        harness.reading(TENANT, DEVICE, 50, 20);

        List<TestRecord<String, byte[]>> records = harness.alertRecords();
        assertThat(records).extracting(TestRecord::key).containsExactly(DEVICE, DEVICE);
        assertThat(new String(records.getFirst().headers().lastHeader(RecordHeaders.TENANT_ID).value(),
                StandardCharsets.UTF_8)).isEqualTo(TENANT);
        List<AlertEvent> events = records.stream().map(r -> io.fieldlink.contracts.ContractJson.read(r.value(),
                AlertEvent.class)).toList();
        AlertEvent raised = events.get(0);
        AlertEvent cleared = events.get(1);
        assertThat(raised.type()).isEqualTo(AlertEventType.RAISED);
        assertThat(raised.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(raised.sequence()).isEqualTo(1);
        assertThat(raised.eventId()).isEqualTo(raised.alertId() + ":1");
        assertThat(raised.tenantId()).isEqualTo(TENANT);
        assertThat(raised.ruleId()).isEqualTo("hot");
        assertThat(raised.ruleName()).isEqualTo("Greenhouse too hot");
        assertThat(raised.severity()).isEqualTo(Severity.MAJOR);
        assertThat(raised.raisedAt()).isEqualTo(WALL_START.plusSeconds(10));
        assertThat(raised.trigger().value()).isEqualTo(31.0);
        assertThat(raised.trigger().measurement()).isEqualTo("temperature");

        assertThat(cleared.type()).isEqualTo(AlertEventType.CLEARED);
        assertThat(cleared.status()).isEqualTo(AlertStatus.CLEARED);
        assertThat(cleared.alertId()).isEqualTo(raised.alertId());
        assertThat(cleared.sequence()).isEqualTo(2);
        assertThat(cleared.eventId()).isEqualTo(raised.alertId() + ":2");
        assertThat(cleared.reason()).isEqualTo("condition-cleared");
        assertThat(cleared.clearedAt()).isEqualTo(WALL_START.plusSeconds(40));
        assertThat(cleared.trigger().value()).isEqualTo(24.0);
        assertThat(cleared.raisedAt()).isEqualTo(raised.raisedAt());

        assertThat(harness.count("fieldlink.rules.streams.alerts", "type", "raised")).isEqualTo(1);
        assertThat(harness.count("fieldlink.rules.streams.alerts", "type", "cleared")).isEqualTo(1);
        assertThat(harness.count("fieldlink.rules.streams.readings")).isEqualTo(6);
    }

    @Test
    void oneOpenAlertPerRuleAndDeviceAndANewOneForTheNextEpisode() {
        harness.putRule(Rules.hot(30, 25));

        harness.reading(TENANT, DEVICE, 0, 31);
        harness.reading(TENANT, OTHER_DEVICE, 0, 32);
        harness.reading(TENANT, DEVICE, 10, 40);
        harness.reading(TENANT, DEVICE, 20, 20);
        harness.reading(TENANT, DEVICE, 30, 33);

        List<AlertEvent> events = harness.alerts();
        assertThat(events).extracting(AlertEvent::deviceId, AlertEvent::type, AlertEvent::sequence).containsExactly(
                tuple(DEVICE, AlertEventType.RAISED, 1L),
                tuple(OTHER_DEVICE, AlertEventType.RAISED, 1L),
                tuple(DEVICE, AlertEventType.CLEARED, 2L),
                tuple(DEVICE, AlertEventType.RAISED, 1L));
        assertThat(events.get(0).alertId()).isNotEqualTo(events.get(1).alertId());
        assertThat(events.get(2).alertId()).isEqualTo(events.get(0).alertId());
        assertThat(events.get(3).alertId()).isNotEqualTo(events.get(0).alertId());
    }

    @Test
    void alertAndCommandIdsAreDeterministic() {
        List<AlertEvent> first;
        List<DeviceCommandRequested> firstCommands;
        try (TopologyHarness run = new TopologyHarness()) {
            replay(run);
            first = run.alerts();
            firstCommands = run.commands();
        }
        replay(harness);
        List<AlertEvent> second = harness.alerts();

        assertThat(first).hasSize(2);
        assertThat(second).extracting(AlertEvent::eventId).containsExactlyElementsOf(
                first.stream().map(AlertEvent::eventId).toList());
        assertThat(harness.commands()).extracting(DeviceCommandRequested::commandId).containsExactlyElementsOf(
                firstCommands.stream().map(DeviceCommandRequested::commandId).toList());
        assertThat(first.getFirst().alertId()).isEqualTo(DeterministicIds.alertId(TENANT, "hot", DEVICE,
                WALL_START.plusSeconds(5)));
    }

    private static void replay(TopologyHarness run) {
        run.putRule(Rules.rule("hot", 1, Rules.withSprinkler(Rules.hotSpec(30, 25), null)));
        run.reading(TENANT, DEVICE, 0, 20);
        run.reading(TENANT, DEVICE, 5, 31);
        run.reading(TENANT, DEVICE, 9, 20);
    }

    @Test
    void theCooldownHoldsBackRaiseCommandsButNeverTheClearCommand() {
        harness.putRule(Rules.rule("hot", 1, Rules.withSprinkler(Rules.hotSpec(30, 25), Duration.ofMinutes(5))));

        harness.reading(TENANT, DEVICE, 0, 31);
        harness.reading(TENANT, DEVICE, 10, 20); // "off" right after "on": sent, the sprinkler must not stay on
        harness.reading(TENANT, DEVICE, 20, 31); // flapping: this "on" falls within the cooldown
        harness.reading(TENANT, DEVICE, 30, 20); // its "off" is sent anyway (a repeat, harmless)
        harness.advanceWallClock(Duration.ofMinutes(6));
        harness.reading(TENANT, DEVICE, 400, 31);

        List<AlertEvent> alerts = harness.alerts();
        assertThat(alerts).extracting(AlertEvent::type).containsExactly(AlertEventType.RAISED,
                AlertEventType.CLEARED, AlertEventType.RAISED, AlertEventType.CLEARED, AlertEventType.RAISED);
        List<DeviceCommandRequested> commands = harness.commands();
        assertThat(commands).extracting(DeviceCommandRequested::origin, DeviceCommandRequested::parameters)
                .containsExactly(
                        tuple("rule:hot:" + alerts.get(0).alertId() + ":raised", Map.of("state", "on")),
                        tuple("rule:hot:" + alerts.get(0).alertId() + ":cleared", Map.of("state", "off")),
                        tuple("rule:hot:" + alerts.get(2).alertId() + ":cleared", Map.of("state", "off")),
                        tuple("rule:hot:" + alerts.get(4).alertId() + ":raised", Map.of("state", "on")));
        DeviceCommandRequested on = commands.getFirst();
        assertThat(on.name()).isEqualTo("sprinkler");
        assertThat(on.tenantId()).isEqualTo(TENANT);
        assertThat(on.deviceId()).isEqualTo(DEVICE);
        assertThat(on.timeToLive()).isEqualTo(Duration.ofMinutes(10));
        assertThat(on.requestedAt()).isEqualTo(WALL_START);
        assertThat(on.commandId()).isEqualTo(DeterministicIds.commandId(alerts.get(0).alertId(), "raised"));
        assertThat(harness.count("fieldlink.rules.streams.commands", "outcome", "emitted")).isEqualTo(4);
        assertThat(harness.count("fieldlink.rules.streams.commands", "outcome", "cooldown")).isEqualTo(1);
    }

    @Test
    void anAcknowledgeRequestAcknowledgesTheOpenAlertOfItsTenantOnly() {
        harness.putRule(Rules.hot(30, 25));
        harness.reading(TENANT, DEVICE, 0, 31);
        String alertId = harness.alerts().getFirst().alertId();
        Instant ackAt = WALL_START.plusSeconds(60);

        harness.acknowledge(OTHER_TENANT, DEVICE, alertId, "intruder", ackAt);
        harness.acknowledge(TENANT, DEVICE, "no-such-alert", "ops", ackAt);
        assertThat(harness.alerts()).isEmpty();

        harness.acknowledge(TENANT, DEVICE, alertId, "ops-key", ackAt);
        harness.acknowledge(TENANT, DEVICE, alertId, "ops-key", ackAt.plusSeconds(1)); // already acknowledged
        List<AlertEvent> acknowledged = harness.alerts();
        assertThat(acknowledged).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEventType.ACKNOWLEDGED);
            assertThat(event.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
            assertThat(event.sequence()).isEqualTo(2);
            assertThat(event.acknowledgedBy()).isEqualTo("ops-key");
            assertThat(event.acknowledgedAt()).isEqualTo(ackAt);
            assertThat(event.trigger().value()).isEqualTo(31.0);
        });

        harness.reading(TENANT, DEVICE, 120, 20);
        harness.acknowledge(TENANT, DEVICE, alertId, "ops-key", ackAt.plusSeconds(120)); // cleared by now
        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEventType.CLEARED);
            assertThat(event.sequence()).isEqualTo(3);
            assertThat(event.acknowledgedBy()).isEqualTo("ops-key");
        });
        assertThat(harness.count("fieldlink.rules.streams.acks-ignored")).isEqualTo(4);
        assertThat(harness.count("fieldlink.rules.streams.alerts", "type", "acknowledged")).isEqualTo(1);
    }

    @Test
    void anEditedRuleUpdatesTheOpenAlertOnceAndItsNewThresholdsApply() {
        harness.putRule(Rules.hot(30, 25));
        harness.reading(TENANT, DEVICE, 0, 31);
        String alertId = harness.alerts().getFirst().alertId();

        harness.putRule(Rules.rule("hot", 2, Rules.hotSpec(50, 45)));
        harness.advanceWallClock(TopologyHarness.PUNCTUATE);
        harness.advanceWallClock(TopologyHarness.PUNCTUATE);

        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEventType.UPDATED);
            assertThat(event.reason()).isEqualTo("rule-updated");
            assertThat(event.alertId()).isEqualTo(alertId);
            assertThat(event.sequence()).isEqualTo(2);
            assertThat(event.status()).isEqualTo(AlertStatus.OPEN);
        });

        harness.reading(TENANT, OTHER_DEVICE, 10, 40); // would have raised under revision 1
        assertThat(harness.alerts()).isEmpty();
        harness.reading(TENANT, OTHER_DEVICE, 20, 51);
        harness.reading(TENANT, DEVICE, 20, 44);  // below the new clear threshold
        assertThat(harness.alerts()).extracting(AlertEvent::deviceId, AlertEvent::type, AlertEvent::sequence)
                .containsExactly(tuple(OTHER_DEVICE, AlertEventType.RAISED, 1L),
                        tuple(DEVICE, AlertEventType.CLEARED, 3L));
    }

    @Test
    void anEditSeenFirstByAReadingIsAlsoAnnouncedOnce() {
        harness.putRule(Rules.hot(30, 25));
        harness.reading(TENANT, DEVICE, 0, 31);
        harness.alerts();

        harness.putRule(Rules.rule("hot", 2, Rules.hotSpec(32, 25)));
        harness.reading(TENANT, DEVICE, 10, 35);
        harness.advanceWallClock(TopologyHarness.PUNCTUATE);

        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::reason)
                .containsExactly(tuple(AlertEventType.UPDATED, "rule-updated"));
    }

    @Test
    void aDeletedRuleClearsItsOpenAlertsAndStopsEvaluating() {
        Rule rule = Rules.hot(30, 25);
        harness.putRule(rule);
        harness.reading(TENANT, DEVICE, 0, 31);
        String alertId = harness.alerts().getFirst().alertId();

        harness.deleteRule(rule);
        harness.advanceWallClock(TopologyHarness.PUNCTUATE);
        harness.reading(TENANT, DEVICE, 10, 40);

        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEventType.CLEARED);
            assertThat(event.reason()).isEqualTo("rule-deleted");
            assertThat(event.alertId()).isEqualTo(alertId);
            assertThat(event.clearedAt()).isEqualTo(WALL_START.plus(TopologyHarness.PUNCTUATE));
            assertThat(event.ruleName()).isEqualTo("Greenhouse too hot");
        });
    }

    @Test
    void aDisabledRuleClearsItsOpenAlertsAndTurnsTheActuatorOff() {
        harness.putRule(Rules.rule("hot", 1, Rules.withSprinkler(Rules.hotSpec(30, 25), null)));
        harness.reading(TENANT, DEVICE, 0, 31);
        harness.alerts();
        harness.commands();

        harness.putRule(Rules.rule("hot", 2, Rules.disabled(Rules.withSprinkler(Rules.hotSpec(30, 25), null))));
        harness.advanceWallClock(TopologyHarness.PUNCTUATE);
        harness.reading(TENANT, DEVICE, 10, 40);

        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::reason)
                .containsExactly(tuple(AlertEventType.CLEARED, "rule-disabled"));
        assertThat(harness.commands()).extracting(DeviceCommandRequested::parameters)
                .containsExactly(Map.of("state", "off"));
    }

    @Test
    void aTagScopedRuleWatchesOnlyTheTenantsDevicesWithTheTag() {
        harness.putRule(Rules.rule("hot", 1, Rules.withScope(Rules.hotSpec(30, 25), new RuleScope(null, "greenhouse"))));
        harness.putProfile(TENANT, DEVICE, "greenhouse", "north");
        harness.putProfile(TENANT, OTHER_DEVICE, "field");
        harness.putProfile(OTHER_TENANT, "295000000000009", "greenhouse");

        harness.reading(TENANT, DEVICE, 0, 35);
        harness.reading(TENANT, OTHER_DEVICE, 0, 35);
        harness.reading(TENANT, "295000000000009", 0, 35); // profile belongs to another tenant

        assertThat(harness.alerts()).extracting(AlertEvent::deviceId).containsExactly(DEVICE);

        harness.putProfile(TENANT, OTHER_DEVICE, "field", "greenhouse"); // tagged later: watched from now on
        harness.reading(TENANT, OTHER_DEVICE, 10, 36);
        assertThat(harness.alerts()).extracting(AlertEvent::deviceId).containsExactly(OTHER_DEVICE);
    }

    @Test
    void aDeviceScopedRuleWatchesOnlyThatDevice() {
        harness.putRule(Rules.rule("hot", 1, Rules.withScope(Rules.hotSpec(30, 25), new RuleScope(DEVICE, null))));

        harness.reading(TENANT, OTHER_DEVICE, 0, 35);
        harness.reading(OTHER_TENANT, DEVICE, 0, 35); // another tenant's rules are not this device's
        harness.reading(TENANT, DEVICE, 0, 35);

        assertThat(harness.alerts()).extracting(AlertEvent::deviceId, AlertEvent::tenantId)
                .containsExactly(tuple(DEVICE, TENANT));
    }

    @Test
    void aSilentDeviceRaisesNoDataOnTheWallClockAndClearsWithTheNextReading() {
        harness.putRule(Rules.rule("silent", 1, Rules.silence(Duration.ofMinutes(1))));
        harness.reading(TENANT, DEVICE, 0, 20);

        harness.advanceWallClock(Duration.ofSeconds(30));
        assertThat(harness.alerts()).isEmpty();
        harness.advanceWallClock(Duration.ofSeconds(31));
        harness.advanceWallClock(Duration.ofSeconds(1));
        List<AlertEvent> raised = harness.alerts();
        assertThat(raised).extracting(AlertEvent::type, AlertEvent::ruleId)
                .containsExactly(tuple(AlertEventType.RAISED, "silent"));

        harness.reading(TENANT, DEVICE, 90, 21);
        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::alertId)
                .containsExactly(tuple(AlertEventType.CLEARED, raised.getFirst().alertId()));
    }

    @Test
    void anOpenUnacknowledgedAlertIsRemindedAtTheRulesInterval() {
        harness.putRule(Rules.rule("hot", 1, Rules.withReminder(Rules.hotSpec(30, 25), Duration.ofMinutes(10))));
        harness.reading(TENANT, DEVICE, 0, 31);
        String alertId = harness.alerts().getFirst().alertId();

        harness.advanceWallClock(Duration.ofMinutes(5));
        assertThat(harness.alerts()).isEmpty();
        harness.advanceWallClock(Duration.ofMinutes(5));
        harness.advanceWallClock(TopologyHarness.PUNCTUATE);
        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEventType.UPDATED);
            assertThat(event.reason()).isEqualTo("reminder");
            assertThat(event.sequence()).isEqualTo(2);
            assertThat(event.status()).isEqualTo(AlertStatus.OPEN);
        });
        harness.advanceWallClock(Duration.ofMinutes(1));
        assertThat(harness.alerts()).isEmpty();

        harness.acknowledge(TENANT, DEVICE, alertId, "ops", WALL_START.plusSeconds(700));
        harness.advanceWallClock(Duration.ofMinutes(30));
        assertThat(harness.alerts()).extracting(AlertEvent::type).containsExactly(AlertEventType.ACKNOWLEDGED);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheStreamGoesOn() {
        harness.putRule(Rules.hot(30, 25));
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        harness.rawTelemetry(DEVICE, garbage);
        harness.rawAck(DEVICE, "[]".getBytes(StandardCharsets.UTF_8));
        harness.reading(TENANT, DEVICE, 0, 31);

        List<TestRecord<String, byte[]>> dead = harness.deadLetters();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).key()).isEqualTo(DEVICE);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(header(dead.get(0), RecordHeaders.DLQ_REASON)).startsWith("undeserialisable telemetry: ");
        assertThat(header(dead.get(0), RulesTopology.DLQ_ORIGINAL_TOPIC)).isEqualTo("iot.telemetry.v1");
        assertThat(header(dead.get(1), RecordHeaders.DLQ_REASON)).startsWith("undeserialisable acknowledge request: ");
        assertThat(header(dead.get(1), RulesTopology.DLQ_ORIGINAL_TOPIC)).isEqualTo("iot.alert-acks.v1");
        assertThat(harness.alerts()).extracting(AlertEvent::type).containsExactly(AlertEventType.RAISED);
        assertThat(harness.count("fieldlink.rules.streams.dead-lettered")).isEqualTo(2);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
