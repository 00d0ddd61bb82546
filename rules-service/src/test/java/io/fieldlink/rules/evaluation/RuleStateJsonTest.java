package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.rules.definition.AllOfCondition;
import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WindowCondition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RuleStateJsonTest {

    private static RuleState roundTrip(RuleState state) {
        return ContractJson.read(ContractJson.write(state), RuleState.class);
    }

    @Test
    void initialStatesOfEveryKindRoundTrip() {
        var driver = new EngineDriver(everyKind(), null);

        assertThat(driver.state.leaves()).hasSize(4);
        assertThat(roundTrip(driver.state)).isEqualTo(driver.state);
    }

    @Test
    void statesWithHistoryOfEveryKindRoundTripAndTheEngineGoesOnFromTheReadState() {
        var driver = new EngineDriver(everyKind(), null);
        driver.read(0, Map.of("temperature", 36.0, "power", 0.0, "battery", 3.7));
        driver.read(30, Map.of("temperature", 37.0, "power", 0.0));
        driver.read(70, Map.of("temperature", 38.0, "power", 0.0));
        driver.tick(100);

        RuleState read = roundTrip(driver.state);

        assertThat(read).isEqualTo(driver.state);
        assertThat(read.leaves()).hasExactlyElementsOfTypes(
                ThresholdState.class, WindowState.class, NoDataState.class, StuckState.class);
        assertThat(((WindowState) read.leaves().get(1)).windows()).isNotEmpty();
        String json = new String(ContractJson.write(driver.state), StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\":\"threshold\"", "\"type\":\"window\"", "\"type\":\"noData\"",
                "\"type\":\"stuck\"", "\"revision\":1");

        // every leaf goes on from the state read back: all four hold at 30 minutes
        driver.state = read;
        driver.read(1800, Map.of("temperature", 38.0, "power", 0.0));
        assertThat(driver.kinds()).containsExactly(Signal.Kind.RAISED);
    }

    @Test
    void aRaisedPendingThresholdRoundTrips() {
        var state = new RuleState(7, true, List.of(
                new ThresholdState(ThresholdState.Phase.PENDING, EngineDriver.T0, EngineDriver.at(5)),
                new StuckState(null, null, null, false)));

        assertThat(roundTrip(state)).isEqualTo(state);
    }

    private static AllOfCondition everyKind() {
        return new AllOfCondition(List.of(
                new ThresholdCondition("temperature", ">", 35.0, null, Duration.ofMinutes(1)),
                new WindowCondition("temperature", "avg", Duration.ofMinutes(1), Duration.ofSeconds(30),
                        Duration.ofSeconds(10), ">", 30.0, null),
                new NoDataCondition("battery", Duration.ofMinutes(10)),
                new StuckCondition("power", 0.0, Duration.ofMinutes(30))));
    }

    @Test
    void infiniteValuesRoundTrip() {
        var state = new RuleState(1, false, List.of(
                new StuckState(Double.POSITIVE_INFINITY, EngineDriver.T0, EngineDriver.T0, false),
                new WindowState(EngineDriver.T0, null, false, List.of(WindowState.OpenWindow
                        .of(EngineDriver.T0, EngineDriver.T0, Double.NEGATIVE_INFINITY)))));

        assertThat(roundTrip(state)).isEqualTo(state);
    }
}
