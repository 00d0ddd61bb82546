package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.rules.definition.AllOfCondition;
import io.fieldlink.rules.definition.AnyOfCondition;
import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WindowCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.fieldlink.contracts.AlertEventType.CLEARED;
import static io.fieldlink.contracts.AlertEventType.RAISED;
import static io.fieldlink.contracts.AlertEventType.UPDATED;
import static io.fieldlink.rules.streams.Rules.TENANT;
import static io.fieldlink.rules.streams.TopologyHarness.WALL_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every rule kind and its edges through the real topology: readings in on {@code iot.telemetry.v1}, the exact
 * alert events out on {@code iot.alerts.v1} (and commands on {@code iot.commands.v1}). The engine's own unit tests
 * cover the same semantics without Kafka; these prove the processor wires them up (state store, ids, triggers).
 */
class RuleKindsTopologyTest {

    private static final String DEVICE = "295000000000001";
    private static final String OTHER_DEVICE = "295000000000002";
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    // --- threshold boundaries ---

    @Test
    void greaterThanIsStrictAndGreaterOrEqualIncludesTheThreshold() {
        harness.putRule(Rules.rule("ge", 1, Rules.spec(Rules.threshold(">=", 30), null)));
        harness.putRule(Rules.rule("gt", 1, Rules.spec(Rules.threshold(">", 30), null)));

        String atThreshold = harness.reading(TENANT, DEVICE, 0, 30);
        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.ruleId()).isEqualTo("ge");
            assertThat(event.type()).isEqualTo(RAISED);
            assertThat(event.trigger()).isEqualTo(
                    readingTrigger("temperature", 30.0, "temperature >= 30.0", 30.0, 0, atThreshold));
        });

        harness.reading(TENANT, DEVICE, 10, 30.5);
        harness.reading(TENANT, DEVICE, 20, 30);   // back at the threshold: only ">" stops holding
        harness.reading(TENANT, DEVICE, 30, 29.5);

        assertThat(harness.alerts()).extracting(AlertEvent::ruleId, AlertEvent::type, e -> e.trigger().value(),
                        e -> e.trigger().condition())
                .containsExactly(
                        tuple("gt", RAISED, 30.5, "temperature > 30.0"),
                        tuple("gt", CLEARED, 30.0, "temperature > 30.0"),
                        tuple("ge", CLEARED, 29.5, "temperature >= 30.0"));
    }

    @Test
    void lessThanIsStrictAndLessOrEqualIncludesTheThreshold() {
        harness.putRule(Rules.rule("le", 1, Rules.spec(Rules.threshold("<=", 5), null)));
        harness.putRule(Rules.rule("lt", 1, Rules.spec(Rules.threshold("<", 5), null)));

        harness.reading(TENANT, DEVICE, 0, 5);
        harness.reading(TENANT, DEVICE, 10, 4.5);
        harness.reading(TENANT, DEVICE, 20, 5);
        harness.reading(TENANT, DEVICE, 30, 5.5);

        assertThat(harness.alerts()).extracting(AlertEvent::ruleId, AlertEvent::type, e -> e.trigger().value(),
                        e -> e.trigger().threshold())
                .containsExactly(
                        tuple("le", RAISED, 5.0, 5.0),
                        tuple("lt", RAISED, 4.5, 5.0),
                        tuple("lt", CLEARED, 5.0, 5.0),
                        tuple("le", CLEARED, 5.5, 5.0));
    }

    @Test
    void betweenIncludesBothBoundsAndOutsideExcludesThem() {
        harness.putRule(Rules.rule("in", 1, Rules.spec(range("between", 10, 20), null)));
        harness.putRule(Rules.rule("out", 1, Rules.spec(range("outside", 10, 20), null)));

        harness.reading(TENANT, DEVICE, 0, 10);    // lower bound: between only
        harness.reading(TENANT, DEVICE, 10, 20);   // upper bound: still between only
        harness.reading(TENANT, DEVICE, 20, 20.5);
        harness.reading(TENANT, DEVICE, 30, 20);
        harness.reading(TENANT, DEVICE, 40, 9.5);
        harness.reading(TENANT, DEVICE, 50, 10);

        List<AlertEvent> events = harness.alerts();
        assertThat(events).extracting(AlertEvent::ruleId, AlertEvent::type, e -> e.trigger().value())
                .containsExactly(
                        tuple("in", RAISED, 10.0),
                        tuple("in", CLEARED, 20.5),
                        tuple("out", RAISED, 20.5),
                        tuple("in", RAISED, 20.0),
                        tuple("out", CLEARED, 20.0),
                        tuple("in", CLEARED, 9.5),
                        tuple("out", RAISED, 9.5),
                        tuple("in", RAISED, 10.0),
                        tuple("out", CLEARED, 10.0));
        assertThat(events.get(0).trigger().condition()).isEqualTo("temperature between 10.0 and 20.0");
        assertThat(events.get(2).trigger().condition()).isEqualTo("temperature outside 10.0 and 20.0");
        assertThat(events).extracting(e -> e.trigger().threshold()).containsOnly(10.0);
    }

    // --- for-duration, hysteresis, order ---

    @Test
    void aForDurationCountsEventTimeSoABlipRaisesNothingAndAHeldValueRaisesOnce() {
        harness.putRule(Rules.rule("hot", 1, Rules.spec(
                new ThresholdCondition("temperature", ">", 35.0, null, ONE_MINUTE), null)));

        harness.reading(TENANT, DEVICE, 0, 36);
        harness.advanceWallClock(Duration.ofMinutes(10)); // wall time passing does not count
        harness.reading(TENANT, DEVICE, 30, 36);
        harness.reading(TENANT, DEVICE, 40, 34);          // the blip ends after 40 s
        harness.reading(TENANT, DEVICE, 70, 36);          // 70 s after the first 36: would raise had the blip not ended
        harness.reading(TENANT, DEVICE, 120, 36);
        assertThat(harness.alerts()).isEmpty();

        String held = harness.reading(TENANT, DEVICE, 130, 37); // 60 s since 70
        harness.reading(TENANT, DEVICE, 140, 38);
        harness.reading(TENANT, DEVICE, 200, 39);

        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(RAISED);
            assertThat(event.raisedAt()).isEqualTo(at(130));
            assertThat(event.trigger()).isEqualTo(
                    readingTrigger("temperature", 37.0, "temperature > 35.0 for PT1M", 35.0, 130, held));
        });
    }

    @Test
    void hysteresisKeepsTheAlertOpenWhileTheValueFlapsAboveTheClearThreshold() {
        harness.putRule(Rules.hot(80, 70));

        String raising = harness.reading(TENANT, DEVICE, 0, 81);
        harness.reading(TENANT, DEVICE, 10, 79);
        harness.reading(TENANT, DEVICE, 20, 80.5);
        harness.reading(TENANT, DEVICE, 30, 75);
        harness.reading(TENANT, DEVICE, 40, 81);
        harness.reading(TENANT, DEVICE, 50, 70);   // not below 70
        harness.reading(TENANT, DEVICE, 60, 79.9);
        List<AlertEvent> flapping = harness.alerts();
        assertThat(flapping).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(RAISED);
            assertThat(event.trigger()).isEqualTo(readingTrigger("temperature", 81.0, "temperature > 80.0", 80.0, 0, raising));
        });

        String clearing = harness.reading(TENANT, DEVICE, 70, 69.9);
        harness.reading(TENANT, DEVICE, 80, 69);
        harness.reading(TENANT, DEVICE, 90, 75);

        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(CLEARED);
            assertThat(event.alertId()).isEqualTo(flapping.getFirst().alertId());
            assertThat(event.sequence()).isEqualTo(2);
            assertThat(event.trigger()).isEqualTo(readingTrigger("temperature", 69.9, "temperature < 70.0", 70.0, 70, clearing));
        });
    }

    @Test
    void aClearConditionWithAForDurationClearsOnlyAfterHoldingThatLong() {
        harness.putRule(Rules.rule("hot", 1, Rules.spec(Rules.threshold(">", 40),
                new ThresholdCondition("temperature", "<", 30.0, null, ONE_MINUTE))));

        String raising = harness.reading(TENANT, DEVICE, 0, 41);
        harness.reading(TENANT, DEVICE, 10, 29);   // clear pending since 10 s
        harness.reading(TENANT, DEVICE, 40, 31);   // not below 30: the clear starts over
        harness.reading(TENANT, DEVICE, 50, 29);
        harness.reading(TENANT, DEVICE, 100, 28);  // 50 s below 30
        String cleared = harness.reading(TENANT, DEVICE, 110, 28);

        assertThat(harness.alerts()).extracting(AlertEvent::type, e -> e.trigger().value(), e -> e.trigger().condition(),
                        e -> e.trigger().eventTime(), e -> e.trigger().messageId())
                .containsExactly(
                        tuple(RAISED, 41.0, "temperature > 40.0", at(0), raising),
                        tuple(CLEARED, 28.0, "temperature < 30.0 for PT1M", at(110), cleared));
    }

    @Test
    void anOutOfOrderReadingNeitherRaisesNorClears() {
        harness.putRule(Rules.hot(30, 25));

        harness.reading(TENANT, DEVICE, 100, 20);
        harness.reading(TENANT, DEVICE, 50, 31);   // older than the last: ignored
        assertThat(harness.alerts()).isEmpty();

        String raising = harness.reading(TENANT, DEVICE, 110, 31);
        harness.reading(TENANT, DEVICE, 60, 20);   // older: must not clear
        harness.reading(TENANT, DEVICE, 105, 24);  // still older than 110
        String clearing = harness.reading(TENANT, DEVICE, 110, 24); // same event time as the last: applied

        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, readingTrigger("temperature", 31.0, "temperature > 30.0", 30.0, 110, raising)),
                tuple(CLEARED, readingTrigger("temperature", 24.0, "temperature < 25.0", 25.0, 110, clearing)));
    }

    // --- windows ---

    @Test
    void aTumblingAverageRaisesWhenItsWindowClosesAndNotBefore() {
        harness.putRule(Rules.rule("avg", 1, Rules.spec(window("avg", Duration.ofMinutes(5), null, null, ">", 30), null)));

        harness.reading(TENANT, DEVICE, 0, 29);
        harness.reading(TENANT, DEVICE, 60, 33);
        harness.reading(TENANT, DEVICE, 240, 32);
        harness.reading(TENANT, DEVICE, 299, 32);  // the window [0, 300) is still open
        assertThat(harness.alerts()).isEmpty();

        String closing = harness.reading(TENANT, DEVICE, 300, 20);
        List<AlertEvent> raised = harness.alerts();
        assertThat(raised).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(RAISED);
            assertThat(event.raisedAt()).isEqualTo(at(300));
            assertThat(event.trigger()).isEqualTo(windowTrigger((29.0 + 33 + 32 + 32) / 4,
                    "avg(temperature) over PT5M > 30.0", 30.0, "avg", 0, 300, closing, 300));
        });

        harness.reading(TENANT, DEVICE, 450, 35);
        String nextClosing = harness.reading(TENANT, DEVICE, 600, 50);
        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(CLEARED);
            assertThat(event.alertId()).isEqualTo(raised.getFirst().alertId());
            assertThat(event.clearedAt()).isEqualTo(at(600));
            assertThat(event.trigger()).isEqualTo(windowTrigger((20.0 + 35) / 2,
                    "avg(temperature) over PT5M > 30.0", 30.0, "avg", 300, 600, nextClosing, 600));
        });
    }

    @Test
    void aWindowClosesOnItsOwnDevicesEventTimeEvenFromReadingsOfOtherMeasurementsButNotOnTheWallClock() {
        harness.putRule(Rules.rule("avg", 1, Rules.spec(window("avg", ONE_MINUTE, null, null, ">", 30), null)));

        harness.reading(TENANT, DEVICE, 0, 35);
        harness.reading(TENANT, DEVICE, 30, 33);
        harness.advanceWallClock(Duration.ofMinutes(10));   // wall time does not close event-time windows
        harness.reading(TENANT, OTHER_DEVICE, 120, 20);      // nor does another device's stream time
        assertThat(harness.alerts()).isEmpty();

        String humidityOnly = harness.reading(TENANT, DEVICE, 61, Map.of("humidity", 50.0));
        assertThat(harness.alerts()).extracting(AlertEvent::deviceId, AlertEvent::type, AlertEvent::trigger)
                .containsExactly(tuple(DEVICE, RAISED, windowTrigger(34.0, "avg(temperature) over PT1M > 30.0", 30.0,
                        "avg", 0, 60, humidityOnly, 61)));
    }

    @Test
    void aHoppingWindowCountsAReadingInEveryWindowThatCoversIt() {
        harness.putRule(Rules.rule("peak", 1, Rules.spec(
                window("max", ONE_MINUTE, Duration.ofSeconds(30), null, ">", 50), null)));

        harness.reading(TENANT, DEVICE, 10, 55);   // in [-30 s, 30 s) and [0, 60 s)
        String first = harness.reading(TENANT, DEVICE, 30, 40);  // closes [-30 s, 30 s)
        harness.reading(TENANT, DEVICE, 60, 40);   // closes [0, 60 s): the 55 still holds, nothing new
        String clearing = harness.reading(TENANT, DEVICE, 90, 40); // closes [30 s, 90 s)

        String condition = "max(temperature) over PT1M every PT30S > 50.0";
        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, windowTrigger(55.0, condition, 50.0, "max", -30, 30, first, 30)),
                tuple(CLEARED, windowTrigger(40.0, condition, 50.0, "max", 30, 90, clearing, 90)));
    }

    @Test
    void aLateReadingWithinGraceCountsAndOneAfterGraceIsDroppedAndCounted() {
        harness.putRule(Rules.rule("avg", 1, Rules.spec(
                window("avg", ONE_MINUTE, null, Duration.ofSeconds(30), ">", 30), null)));

        harness.reading(TENANT, DEVICE, 0, 20);
        harness.reading(TENANT, DEVICE, 30, 20);
        harness.reading(TENANT, DEVICE, 70, 20);   // stream time 70 s: [0, 60 s) waits for its grace until 90 s
        harness.reading(TENANT, DEVICE, 50, 80);   // late, within grace: the window's average becomes 40
        assertThat(harness.alerts()).isEmpty();

        String closing = harness.reading(TENANT, DEVICE, 90, 20);
        harness.reading(TENANT, DEVICE, 40, -1000); // after grace: would pull [0, 60 s) far below 30
        assertThat(harness.count("fieldlink.rules.streams.late-readings")).isEqualTo(1);

        String nextClosing = harness.reading(TENANT, DEVICE, 150, 20); // closes [60 s, 120 s) = {20, 20}
        String condition = "avg(temperature) over PT1M > 30.0";
        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, windowTrigger(40.0, condition, 30.0, "avg", 0, 60, closing, 90)),
                tuple(CLEARED, windowTrigger(20.0, condition, 30.0, "avg", 60, 120, nextClosing, 150)));
        assertThat(harness.count("fieldlink.rules.streams.late-readings")).isEqualTo(1);
    }

    @Test
    void countMinAndSumAreComparedWhenTheWindowCloses() {
        harness.putRule(Rules.rule("count", 1, Rules.spec(window("count", ONE_MINUTE, null, null, ">=", 3), null)));
        harness.putRule(Rules.rule("min", 1, Rules.spec(window("min", ONE_MINUTE, null, null, "<", 10), null)));
        harness.putRule(Rules.rule("sum", 1, Rules.spec(window("sum", ONE_MINUTE, null, null, ">", 100), null)));

        harness.reading(TENANT, DEVICE, 0, 50);
        harness.reading(TENANT, DEVICE, 10, 5);
        harness.reading(TENANT, DEVICE, 20, 60);
        assertThat(harness.alerts()).isEmpty();
        harness.reading(TENANT, DEVICE, 60, 50);   // closes [0, 60 s)

        assertThat(harness.alerts()).extracting(AlertEvent::ruleId, AlertEvent::type, e -> e.trigger().aggregate(),
                        e -> e.trigger().value(), e -> e.trigger().windowEnd())
                .containsExactly(
                        tuple("count", RAISED, "count", 3.0, at(60)),
                        tuple("min", RAISED, "min", 5.0, at(60)),
                        tuple("sum", RAISED, "sum", 115.0, at(60)));
    }

    @Test
    void aRateOfChangeRaisesWhenItsWindowCloses() {
        harness.putRule(Rules.rule("rising", 1, Rules.spec(window("rate", ONE_MINUTE, null, null, ">", 0.1), null)));

        harness.reading(TENANT, DEVICE, 0, 20);
        harness.reading(TENANT, DEVICE, 30, 22);
        harness.reading(TENANT, DEVICE, 50, 27);   // 7 degrees in 50 s: 0.14 per second
        assertThat(harness.alerts()).isEmpty();
        String closing = harness.reading(TENANT, DEVICE, 60, 27);
        harness.reading(TENANT, DEVICE, 90, 27.5);
        String nextClosing = harness.reading(TENANT, DEVICE, 120, 27.5);

        String condition = "rate(temperature) over PT1M > 0.1";
        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, windowTrigger(7.0 / 50, condition, 0.1, "rate", 0, 60, closing, 60)),
                tuple(CLEARED, windowTrigger(0.5 / 30, condition, 0.1, "rate", 60, 120, nextClosing, 120)));
    }

    // --- no data ---

    @Test
    void silenceOnTheWallClockRaisesTheNextReadingRecoversAndAnUnseenDeviceIsNotWatched() {
        harness.putRule(Rules.rule("silent", 1, Rules.silence(ONE_MINUTE)));
        harness.reading(TENANT, DEVICE, 0, 20);    // OTHER_DEVICE never reports

        harness.advanceWallClock(Duration.ofSeconds(30));
        assertThat(harness.alerts()).isEmpty();
        harness.advanceWallClock(Duration.ofSeconds(31));
        Instant detected = WALL_START.plusSeconds(61);
        List<AlertEvent> raised = harness.alerts();
        assertThat(raised).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(RAISED);
            assertThat(event.deviceId()).isEqualTo(DEVICE);
            assertThat(event.raisedAt()).isEqualTo(detected);
            assertThat(event.trigger()).isEqualTo(
                    new AlertTrigger(null, null, "no data for PT1M", null, null, null, null, detected, null, null));
        });
        harness.advanceWallClock(Duration.ofMinutes(10)); // still silent: no second event
        assertThat(harness.alerts()).isEmpty();

        String back = harness.reading(TENANT, DEVICE, 700, 21);
        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(CLEARED);
            assertThat(event.alertId()).isEqualTo(raised.getFirst().alertId());
            assertThat(event.trigger()).isEqualTo(
                    new AlertTrigger(null, null, "no data for PT1M", null, null, null, null, at(700), back, at(700)));
        });

        harness.advanceWallClock(Duration.ofSeconds(61)); // silent again: a new episode
        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(RAISED);
            assertThat(event.alertId()).isNotEqualTo(raised.getFirst().alertId());
        });
    }

    @Test
    void silenceOfOneMeasurementRaisesWhileOtherMeasurementsKeepArriving() {
        harness.putRule(Rules.rule("no-power", 1, Rules.spec(new NoDataCondition("power", ONE_MINUTE), null)));
        harness.reading(TENANT, DEVICE, 0, Map.of("power", 5.0, "temperature", 20.0));
        harness.reading(TENANT, OTHER_DEVICE, 0, Map.of("temperature", 20.0)); // never sends power: not watched

        harness.advanceWallClock(Duration.ofSeconds(30));
        harness.reading(TENANT, DEVICE, 30, Map.of("temperature", 21.0));
        harness.reading(TENANT, OTHER_DEVICE, 30, Map.of("temperature", 21.0));
        assertThat(harness.alerts()).isEmpty();

        harness.advanceWallClock(Duration.ofSeconds(31));
        Instant detected = WALL_START.plusSeconds(61);
        assertThat(harness.alerts()).extracting(AlertEvent::deviceId, AlertEvent::type, AlertEvent::trigger)
                .containsExactly(tuple(DEVICE, RAISED, new AlertTrigger("power", null, "no data from power for PT1M",
                        null, null, null, null, detected, null, null)));

        harness.reading(TENANT, DEVICE, 90, Map.of("temperature", 22.0)); // still no power
        assertThat(harness.alerts()).isEmpty();
        String back = harness.reading(TENANT, DEVICE, 100, Map.of("power", 4.0));
        assertThat(harness.alerts()).extracting(AlertEvent::deviceId, AlertEvent::type, AlertEvent::trigger)
                .containsExactly(tuple(DEVICE, CLEARED,
                        readingTrigger("power", 4.0, "no data from power for PT1M", null, 100, back)));
    }

    // --- stuck ---

    @Test
    void aValueStuckAtZeroForTheDurationRaisesAndAChangeClearsAndStartsAgain() {
        harness.putRule(Rules.rule("stuck", 1, Rules.spec(
                new StuckCondition("power", 0.0, Duration.ofMinutes(10)), null)));

        harness.reading(TENANT, DEVICE, 0, power(0));
        harness.reading(TENANT, DEVICE, 300, power(0));
        assertThat(harness.alerts()).isEmpty();
        String stuck = harness.reading(TENANT, DEVICE, 600, power(0));
        harness.reading(TENANT, DEVICE, 900, power(-0.0)); // the same value
        String changed = harness.reading(TENANT, DEVICE, 1000, power(3.5));
        harness.reading(TENANT, DEVICE, 1100, power(0));   // a new run starts here
        harness.reading(TENANT, DEVICE, 1600, power(0));
        String stuckAgain = harness.reading(TENANT, DEVICE, 1700, power(0));

        String condition = "power stuck at 0.0 for PT10M";
        List<AlertEvent> events = harness.alerts();
        assertThat(events).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, readingTrigger("power", 0.0, condition, 0.0, 600, stuck)),
                tuple(CLEARED, readingTrigger("power", 3.5, condition, 0.0, 1000, changed)),
                tuple(RAISED, readingTrigger("power", 0.0, condition, 0.0, 1700, stuckAgain)));
        assertThat(events.get(2).alertId()).isNotEqualTo(events.get(0).alertId());
    }

    @Test
    void anUnchangedValueRaisesAndAnyChangeClears() {
        harness.putRule(Rules.rule("frozen", 1, Rules.spec(
                new StuckCondition("power", null, Duration.ofMinutes(10)), null)));

        harness.reading(TENANT, DEVICE, 0, power(7));
        harness.reading(TENANT, DEVICE, 300, power(7));
        String frozen = harness.reading(TENANT, DEVICE, 600, power(7));
        String changed = harness.reading(TENANT, DEVICE, 700, power(8));
        harness.reading(TENANT, DEVICE, 1200, power(8));

        String condition = "power unchanged for PT10M";
        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, readingTrigger("power", 7.0, condition, null, 600, frozen)),
                tuple(CLEARED, readingTrigger("power", 8.0, condition, null, 700, changed)));
    }

    // --- compound ---

    @Test
    void allOfRaisesOnlyWhileBothMeasurementsHold() {
        harness.putRule(Rules.rule("muggy", 1, Rules.spec(new AllOfCondition(List.of(
                Rules.threshold("temperature", ">", 30), Rules.threshold("humidity", ">", 80))), null)));

        harness.reading(TENANT, DEVICE, 0, Map.of("temperature", 31.0));
        harness.reading(TENANT, DEVICE, 10, Map.of("temperature", 29.0, "humidity", 85.0));
        assertThat(harness.alerts()).isEmpty();

        String both = harness.reading(TENANT, DEVICE, 20, Map.of("temperature", 31.0)); // humidity still 85
        harness.reading(TENANT, DEVICE, 25, Map.of("temperature", 32.0, "humidity", 90.0));
        String dry = harness.reading(TENANT, DEVICE, 30, Map.of("humidity", 70.0));

        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, readingTrigger("temperature", 31.0, "temperature > 30.0", 30.0, 20, both)),
                tuple(CLEARED, readingTrigger("humidity", 70.0, "humidity > 80.0", 80.0, 30, dry)));
    }

    @Test
    void anyOfRaisesOnEitherAndClearsWhenNeitherHolds() {
        harness.putRule(Rules.rule("either", 1, Rules.spec(new AnyOfCondition(List.of(
                Rules.threshold("temperature", ">", 30), Rules.threshold("humidity", ">", 80))), null)));

        String humid = harness.reading(TENANT, DEVICE, 0, Map.of("temperature", 20.0, "humidity", 85.0));
        harness.reading(TENANT, DEVICE, 10, Map.of("temperature", 31.0, "humidity", 70.0)); // hand-over: still raised
        String neither = harness.reading(TENANT, DEVICE, 20, Map.of("temperature", 20.0));
        String hot = harness.reading(TENANT, DEVICE, 30, Map.of("temperature", 31.0));

        List<AlertEvent> events = harness.alerts();
        assertThat(events).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, readingTrigger("humidity", 85.0, "humidity > 80.0", 80.0, 0, humid)),
                tuple(CLEARED, readingTrigger("temperature", 20.0, "temperature > 30.0", 30.0, 20, neither)),
                tuple(RAISED, readingTrigger("temperature", 31.0, "temperature > 30.0", 30.0, 30, hot)));
        assertThat(events.get(2).alertId()).isNotEqualTo(events.get(0).alertId());
    }

    @Test
    void theFarmRuleRaisesAtOnceAboveFortyOrAfterAMinuteAboveThirtyFiveAndDrivesTheSprinkler() {
        RuleSpec farm = Rules.withSprinkler(Rules.spec(new AnyOfCondition(List.of(
                        new ThresholdCondition("temperature", ">", 35.0, null, ONE_MINUTE),
                        Rules.threshold(">", 40))),
                Rules.threshold("<", 30)), null);
        harness.putRule(Rules.rule("farm", 1, farm));

        String scorching = harness.reading(TENANT, DEVICE, 0, 41);
        harness.reading(TENANT, DEVICE, 10, 33);   // between clear and raise: still raised
        String cool = harness.reading(TENANT, DEVICE, 20, 29);
        harness.reading(TENANT, DEVICE, 100, 36);
        harness.reading(TENANT, DEVICE, 130, 36.5);
        String warmForAMinute = harness.reading(TENANT, DEVICE, 160, 36);
        String coolAgain = harness.reading(TENANT, DEVICE, 200, 29);

        List<AlertEvent> events = harness.alerts();
        assertThat(events).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, readingTrigger("temperature", 41.0, "temperature > 40.0", 40.0, 0, scorching)),
                tuple(CLEARED, readingTrigger("temperature", 29.0, "temperature < 30.0", 30.0, 20, cool)),
                tuple(RAISED, readingTrigger("temperature", 36.0, "temperature > 35.0 for PT1M", 35.0, 160,
                        warmForAMinute)),
                tuple(CLEARED, readingTrigger("temperature", 29.0, "temperature < 30.0", 30.0, 200, coolAgain)));
        String first = events.get(0).alertId();
        String second = events.get(2).alertId();
        assertThat(harness.commands()).extracting(DeviceCommandRequested::name, DeviceCommandRequested::parameters,
                DeviceCommandRequested::commandId).containsExactly(
                tuple("sprinkler", Map.of("state", "on"), DeterministicIds.commandId(first, "raised")),
                tuple("sprinkler", Map.of("state", "off"), DeterministicIds.commandId(first, "cleared")),
                tuple("sprinkler", Map.of("state", "on"), DeterministicIds.commandId(second, "raised")),
                tuple("sprinkler", Map.of("state", "off"), DeterministicIds.commandId(second, "cleared")));
    }

    // --- rule edits mid-stream ---

    @Test
    void editingAWindowRuleStartsItsWindowsAfreshAndKeepsTheAlertRaised() {
        harness.putRule(Rules.rule("avg", 1, Rules.spec(window("avg", Duration.ofMinutes(5), null, null, ">", 30), null)));
        harness.reading(TENANT, DEVICE, 0, 40);
        harness.reading(TENANT, DEVICE, 100, 40);
        harness.reading(TENANT, DEVICE, 300, 10);  // closes [0, 300) at 40: raised
        harness.reading(TENANT, DEVICE, 320, 10);
        String alertId = harness.alerts().getFirst().alertId();

        harness.putRule(Rules.rule("avg", 2, Rules.spec(window("avg", Duration.ofMinutes(5), null, null, ">", 32), null)));
        harness.reading(TENANT, DEVICE, 400, 40);  // first reading of revision 2: [300, 600) restarts with it
        // [300, 600) is {40} after the reset (holds: no event); {10, 10, 40} = 20 without it would clear
        harness.reading(TENANT, DEVICE, 600, 40);
        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::reason, AlertEvent::sequence)
                .containsExactly(tuple(UPDATED, "rule-updated", 2L));

        harness.reading(TENANT, DEVICE, 700, 20);
        String closing = harness.reading(TENANT, DEVICE, 900, 20); // closes [600, 900) = {40, 20}
        assertThat(harness.alerts()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(CLEARED);
            assertThat(event.alertId()).isEqualTo(alertId);
            assertThat(event.sequence()).isEqualTo(3);
            assertThat(event.trigger()).isEqualTo(windowTrigger(30.0, "avg(temperature) over PT5M > 32.0", 32.0,
                    "avg", 600, 900, closing, 900));
        });
    }

    @Test
    void editingARuleRestartsAPendingForDuration() {
        harness.putRule(Rules.rule("hot", 1, Rules.spec(
                new ThresholdCondition("temperature", ">", 35.0, null, ONE_MINUTE), null)));
        harness.reading(TENANT, DEVICE, 0, 36);
        harness.reading(TENANT, DEVICE, 30, 36);

        harness.putRule(Rules.rule("hot", 2, Rules.spec(
                new ThresholdCondition("temperature", ">", 35.5, null, ONE_MINUTE), null)));
        harness.reading(TENANT, DEVICE, 40, 36);   // pending again, since 40 s
        harness.reading(TENANT, DEVICE, 90, 36);   // 90 s since the first 36, but 50 s under revision 2
        assertThat(harness.alerts()).isEmpty();

        String held = harness.reading(TENANT, DEVICE, 100, 36);
        assertThat(harness.alerts()).extracting(AlertEvent::type, AlertEvent::trigger).containsExactly(
                tuple(RAISED, readingTrigger("temperature", 36.0, "temperature > 35.5 for PT1M", 35.5, 100, held)));
    }

    @Test
    void aNewThresholdClearsTheOpenAlertOnTheNextReading() {
        harness.putRule(Rules.rule("hot", 1, Rules.spec(Rules.threshold(">", 30), null)));
        harness.reading(TENANT, DEVICE, 0, 35);
        String alertId = harness.alerts().getFirst().alertId();

        harness.putRule(Rules.rule("hot", 2, Rules.spec(Rules.threshold(">", 40), null)));
        String stillWarm = harness.reading(TENANT, DEVICE, 10, 35); // held under revision 1, not under 2
        harness.reading(TENANT, OTHER_DEVICE, 10, 38);              // would have raised under revision 1

        List<AlertEvent> events = harness.alerts();
        assertThat(events).extracting(AlertEvent::alertId, AlertEvent::type, AlertEvent::sequence, AlertEvent::reason)
                .containsExactly(tuple(alertId, UPDATED, 2L, "rule-updated"),
                        tuple(alertId, CLEARED, 3L, "condition-cleared"));
        assertThat(events.get(1).trigger()).isEqualTo(
                readingTrigger("temperature", 35.0, "temperature > 40.0", 40.0, 10, stillWarm));
    }

    @Test
    void editingANoDataRuleKeepsWatchingADeviceThatIsAlreadySilent() {
        harness.putRule(Rules.rule("silent", 1, Rules.silence(Duration.ofMinutes(2))));
        harness.reading(TENANT, DEVICE, 0, 20);            // wall clock +0 s
        harness.advanceWallClock(Duration.ofSeconds(60));
        harness.reading(TENANT, OTHER_DEVICE, 60, 20);     // +60 s, then both fall silent
        harness.advanceWallClock(Duration.ofSeconds(61));  // +121 s: DEVICE silent for 2 minutes
        List<AlertEvent> raised = harness.alerts();
        assertThat(raised).extracting(AlertEvent::deviceId, AlertEvent::type).containsExactly(tuple(DEVICE, RAISED));

        // a rename only: OTHER_DEVICE has been silent for a minute and will never send again to be "seen"
        RuleSpec renamed = Rules.silence(Duration.ofMinutes(2));
        harness.putRule(Rules.rule("silent", 2, new RuleSpec("Device silent (renamed)", null, true,
                renamed.severity(), renamed.scope(), renamed.condition(), null, null, null)));
        harness.advanceWallClock(TopologyHarness.PUNCTUATE);          // +122 s
        harness.advanceWallClock(Duration.ofSeconds(60));             // +182 s: OTHER_DEVICE silent for 122 s
        Instant detected = WALL_START.plusSeconds(182);

        assertThat(harness.alerts()).extracting(AlertEvent::deviceId, AlertEvent::type, AlertEvent::reason,
                        e -> e.trigger().eventTime())
                .containsExactly(
                        tuple(DEVICE, UPDATED, "rule-updated", raised.getFirst().trigger().eventTime()),
                        tuple(OTHER_DEVICE, RAISED, null, detected));

        harness.reading(TENANT, DEVICE, 200, 21);          // the raised alert survived the edit and recovers
        assertThat(harness.alerts()).extracting(AlertEvent::deviceId, AlertEvent::type, AlertEvent::alertId)
                .containsExactly(tuple(DEVICE, CLEARED, raised.getFirst().alertId()));
    }

    // --- the evaluator's state cache ---

    @Test
    void aStateCacheOfOneDeviceGivesTheSameAlertsAsTheDefaultWhileDevicesTakeTurns() {
        try (TopologyHarness oneDevice = new TopologyHarness(1)) {
            List<List<Object>> expected = List.of(
                    List.of(DEVICE, "hot", RAISED), List.of(DEVICE, "hot", CLEARED),
                    List.of(OTHER_DEVICE, "cold", RAISED), List.of(OTHER_DEVICE, "cold", CLEARED));
            for (TopologyHarness each : List.of(harness, oneDevice)) {
                each.putRule(Rules.hot(80, 70));
                each.putRule(Rules.rule("cold", 1, Rules.spec(window("avg", ONE_MINUTE, null, null, "<", 10), null)));
                // alternating devices: with room for one, every reading evicts the other device's states and
                // the next one reads them back from the store
                each.reading(TENANT, DEVICE, 0, 81);
                each.reading(TENANT, OTHER_DEVICE, 0, 5);
                each.reading(TENANT, DEVICE, 30, 75);
                each.reading(TENANT, OTHER_DEVICE, 30, 7);
                each.reading(TENANT, DEVICE, 60, 69);
                each.reading(TENANT, OTHER_DEVICE, 60, 20);
                each.reading(TENANT, DEVICE, 90, 72);
                each.reading(TENANT, OTHER_DEVICE, 120, 20);
                assertThat(each.alerts()).extracting(e -> List.<Object>of(e.deviceId(), e.ruleId(), e.type()))
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    // --- helpers ---

    private static Instant at(long secondsAfterStart) {
        return WALL_START.plusSeconds(secondsAfterStart);
    }

    private static Map<String, Double> power(double value) {
        return Map.of("power", value);
    }

    private static RuleCondition range(String operator, double low, double high) {
        return new ThresholdCondition("temperature", operator, low, high, null);
    }

    private static RuleCondition window(String aggregate, Duration size, Duration advance, Duration grace,
                                        String operator, double value) {
        return new WindowCondition("temperature", aggregate, size, advance, grace, operator, value, null);
    }

    /** The trigger of a reading taken {@code seconds} after the start (the harness receives it at its event time). */
    private static AlertTrigger readingTrigger(String measurement, Double value, String condition, Double threshold,
                                               long seconds, String messageId) {
        return new AlertTrigger(measurement, value, condition, threshold, null, null, null, at(seconds), messageId,
                at(seconds));
    }

    /** The trigger of a window {@code [start, end)} closed by the reading {@code messageId} taken at {@code closedBy}. */
    private static AlertTrigger windowTrigger(double aggregateValue, String condition, double threshold,
                                              String aggregate, long start, long end, String messageId, long closedBy) {
        return new AlertTrigger("temperature", aggregateValue, condition, threshold, aggregate, at(start), at(end),
                at(end), messageId, at(closedBy));
    }
}
