package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.rules.definition.AnyOfCondition;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RuleSetTest {

    private final RuleEngine engine = new RuleEngine();

    private static Rule rule(int i, RuleCondition condition) {
        return new Rule("OP0000000001", "r%04d".formatted(i), 1, EngineDriver.T0, EngineDriver.T0,
                EngineDriver.rule(1, condition, null).spec());
    }

    @Test
    void candidatesAreExactlyTheRulesAReadingMayMoveInRuleOrder() {
        Random random = new Random(42);
        String[] operators = {">", ">=", "<", "<=", "==", "between"};
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String operator = operators[random.nextInt(operators.length)];
            double value = random.nextInt(20);
            RuleCondition condition = operator.equals("between")
                    ? new ThresholdCondition("temperature", operator, value, value + 3, null)
                    : new ThresholdCondition(i % 7 == 0 ? "humidity" : "temperature", operator, value, null, null);
            if (i % 11 == 0) {
                condition = new AnyOfCondition(List.of(condition, new ThresholdCondition("temperature", ">", 50.0, null, null)));
            }
            rules.add(rule(i, condition));
        }
        RuleSet set = engine.prepareAll(rules);
        assertThat(set.indexedCount()).isGreaterThan(200);
        for (double value = -1; value <= 21; value += 0.5) {
            TelemetryReceived reading = EngineDriver.reading(0, Map.of("temperature", value), "m");
            List<PreparedRule> candidates = new ArrayList<>();
            set.candidates(reading, Set.of(), candidates::add);
            List<String> expected = set.all().stream()
                    .filter(p -> !p.compiled.restsOn(reading) || p.compiled.conditionLeaves() != 1
                            || p.compiled.leaves().getFirst() instanceof ThresholdLeaf t && t.condition().operator().ranged())
                    .map(PreparedRule::key).toList();
            assertThat(candidates).extracting(PreparedRule::key).as("value %s", value).isEqualTo(expected);
        }
    }

    @Test
    void rulesWithStateOnTheDeviceAreAlwaysCandidates() {
        RuleSet set = engine.prepareAll(List.of(rule(1, new ThresholdCondition("temperature", ">", 35.0, null, null)),
                rule(2, new ThresholdCondition("temperature", ">", 30.0, null, null))));
        TelemetryReceived cool = EngineDriver.reading(0, Map.of("temperature", 20.0), "m");
        List<PreparedRule> candidates = new ArrayList<>();

        set.candidates(cool, Set.of("OP0000000001/r0002"), candidates::add);

        assertThat(candidates).extracting(PreparedRule::key).containsExactly("OP0000000001/r0002");
    }
}
