package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.rules.definition.Rule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A tenant's rules prepared for the engine, with an index that finds, for a reading, the rules it may move. A rule
 * whose raise condition is one threshold ({@code >, >=, <, <=, ==}) rests on a reading whose value does not meet
 * that threshold; such rules are kept sorted by threshold per measurement and operator, so a reading finds the ones
 * it meets by binary search instead of testing every rule. With 1,000 threshold rules a reading then costs about
 * as much as the few rules it actually meets. Immutable; built per rules revision by the caller's cache.
 */
public final class RuleSet {

    private final List<PreparedRule> all;
    private final Map<String, PreparedRule> byKey;
    private final Map<String, Integer> ordinals;
    private final Map<String, Map<Comparison, Thresholds>> indexed;
    private final int[] unindexed;

    /** Sorted thresholds of the single-threshold rules of one measurement and operator, with their ordinals. */
    private record Thresholds(double[] values, int[] ordinals) {
    }

    RuleSet(List<PreparedRule> rules) {
        this.all = List.copyOf(rules);
        Map<String, PreparedRule> keys = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        Map<String, Map<Comparison, List<Integer>>> groups = new HashMap<>();
        double[] thresholds = new double[all.size()];
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            PreparedRule rule = all.get(i);
            keys.put(rule.key(), rule);
            positions.put(rule.key(), i);
            ThresholdLeaf leaf = singleThreshold(rule.compiled);
            if (leaf == null) {
                others.add(i);
            } else {
                thresholds[i] = leaf.condition().threshold();
                groups.computeIfAbsent(leaf.measurement(), m -> new EnumMap<>(Comparison.class))
                        .computeIfAbsent(leaf.condition().operator(), o -> new ArrayList<>())
                        .add(i);
            }
        }
        this.byKey = Map.copyOf(keys);
        this.ordinals = Map.copyOf(positions);
        Map<String, Map<Comparison, Thresholds>> index = new HashMap<>();
        groups.forEach((measurement, byOperator) -> {
            Map<Comparison, Thresholds> sorted = new EnumMap<>(Comparison.class);
            byOperator.forEach((operator, members) -> {
                int[] ords = members.stream().sorted(Comparator.comparingDouble(i -> thresholds[i]))
                        .mapToInt(Integer::intValue).toArray();
                double[] values = Arrays.stream(ords).mapToDouble(i -> thresholds[i]).toArray();
                sorted.put(operator, new Thresholds(values, ords));
            });
            index.put(measurement, sorted);
        });
        this.indexed = Map.copyOf(index);
        this.unindexed = others.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The leaf when the raise condition is exactly one single-value threshold, else null. */
    private static ThresholdLeaf singleThreshold(CompiledRule compiled) {
        if (compiled.conditionLeaves() != 1 || !(compiled.leaves().getFirst() instanceof ThresholdLeaf leaf)) {
            return null;
        }
        return leaf.condition().operator().ranged() ? null : leaf;
    }

    /** Every rule, in the order given (rule id order from the store). */
    public List<PreparedRule> all() {
        return all;
    }

    /** The rule with that store key ({@code tenantId/ruleId}), or null. */
    public PreparedRule byKey(String ruleKey) {
        return byKey.get(ruleKey);
    }

    /**
     * Hands {@code out}, in rule order, every rule that {@code reading} may move on a device where the rules keyed
     * in {@code active} have a state (or an open alert): those, every rule the index cannot judge, and the indexed
     * threshold rules whose threshold the reading meets. The others rest on this reading: evaluating them would
     * change nothing.
     */
    public void candidates(TelemetryReceived reading, Collection<String> active, Consumer<PreparedRule> out) {
        boolean[] chosen = new boolean[all.size()];
        for (int ordinal : unindexed) {
            chosen[ordinal] = true;
        }
        for (String key : active) {
            Integer ordinal = ordinals.get(key);
            if (ordinal != null) {
                chosen[ordinal] = true;
            }
        }
        reading.measurements().forEach((measurement, value) -> {
            Map<Comparison, Thresholds> byOperator = indexed.get(measurement);
            if (byOperator == null || value == null || value.isNaN()) {
                return;
            }
            byOperator.forEach((operator, thresholds) -> mark(operator, thresholds, value, chosen));
        });
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                out.accept(all.get(i));
            }
        }
    }

    /** Marks the rules of one group whose condition {@code value operator threshold} holds. */
    private static void mark(Comparison operator, Thresholds group, double value, boolean[] chosen) {
        double[] values = group.values();
        int from;
        int to;
        switch (operator) {
            case GT -> { from = 0; to = firstAtLeast(values, value); }          // threshold < value
            case GE -> { from = 0; to = firstAbove(values, value); }            // threshold <= value
            case LT -> { from = firstAbove(values, value); to = values.length; } // threshold > value
            case LE -> { from = firstAtLeast(values, value); to = values.length; } // threshold >= value
            case EQ -> { from = firstAtLeast(values, value); to = firstAbove(values, value); }
            default -> { from = 0; to = values.length; }                         // not indexed: all of them
        }
        for (int k = from; k < to; k++) {
            chosen[group.ordinals()[k]] = true;
        }
    }

    /** Index of the first value >= {@code x} (length when none). */
    private static int firstAtLeast(double[] values, double x) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first value > {@code x} (length when none). */
    private static int firstAbove(double[] values, double x) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** For tests and diagnostics: how many rules the index judges by threshold. */
    int indexedCount() {
        return all.size() - unindexed.length;
    }

    static RuleSet of(RuleEngine engine, Collection<Rule> rules) {
        return new RuleSet(rules.stream().map(engine::prepare).toList());
    }
}
