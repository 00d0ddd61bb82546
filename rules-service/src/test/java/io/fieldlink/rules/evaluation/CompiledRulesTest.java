package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.ThresholdCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.fieldlink.rules.evaluation.EngineDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

class CompiledRulesTest {

    private static Rule rule(String ruleId, long revision, double threshold) {
        Rule base = EngineDriver.rule(revision, new ThresholdCondition("temperature", ">", threshold, null, null), null);
        return new Rule(base.tenantId(), ruleId, revision, T0, T0, base.spec());
    }

    @Test
    void compilesARuleRevisionOnce() {
        var compiledRules = new CompiledRules(10, 64);

        CompiledRule first = compiledRules.of(rule("r1", 1, 80));

        assertThat(compiledRules.of(rule("r1", 1, 80))).isSameAs(first);
        assertThat(compiledRules.of(rule("r1", 2, 80))).isNotSameAs(first);
    }

    @Test
    void aRecreatedRuleWithTheSameRevisionIsCompiledAgain() {
        var engine = new RuleEngine();
        Rule old = rule("r1", 1, 80);
        Rule recreated = rule("r1", 1, 10);
        TelemetryReceived reading = EngineDriver.reading(0, Map.of("temperature", 20.0), "m1");

        assertThat(engine.onReading(old, engine.initial(old), reading, T0).signal()).isEmpty();
        assertThat(engine.onReading(recreated, engine.initial(recreated), reading, T0).signal()).isPresent();
    }

    @Test
    void staysWithinItsBound() {
        var compiledRules = new CompiledRules(10, 64);

        for (int i = 0; i < 100; i++) {
            compiledRules.of(rule("r" + i, 1, 80));
        }

        assertThat(compiledRules.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void concurrentCallersGetTheSameResultsAsOne() throws Exception {
        var engine = new RuleEngine(50, 64);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rules.add(rule("r" + i, 1 + i % 3, i % 100));
        }
        TelemetryReceived reading = EngineDriver.reading(0, Map.of("temperature", 50.0), "m1");
        List<Boolean> expected = rules.stream()
                .map(rule -> new RuleEngine().onReading(rule, null, reading, T0).signal().isPresent()).toList();

        List<Future<List<Boolean>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> rules.stream()
                        .map(rule -> engine.onReading(rule, null, reading, T0).signal().isPresent()).toList()));
            }
            for (Future<List<Boolean>> result : results) {
                assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected);
            }
        }
        assertThat(expected).contains(true, false);
    }

    @Test
    void evaluatesAThousandRulesPerReadingQuickly() {
        var engine = new RuleEngine();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rules.add(rule("r" + i, 1, i % 400));
        }
        List<RuleState> states = new ArrayList<>(rules.stream().map(engine::initial).toList());

        long started = System.nanoTime();
        for (int second = 0; second < 100; second++) {
            TelemetryReceived reading = EngineDriver.reading(second, Map.of("temperature", 500.0 + second), "m");
            for (int i = 0; i < rules.size(); i++) {
                states.set(i, engine.onReading(rules.get(i), states.get(i), reading, T0).state());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // 100,000 evaluations; generous for a shared CI machine, but catches re-parsing or copying per call
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(states.stream().filter(RuleState::raised).count()).isEqualTo(1000);
    }
}
