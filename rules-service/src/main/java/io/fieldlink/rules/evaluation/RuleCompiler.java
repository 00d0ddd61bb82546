package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.AllOfCondition;
import io.fieldlink.rules.definition.AnyOfCondition;
import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WindowCondition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a rule's definition into a {@link CompiledRule}. Rules were validated by the API, but a stored rule may
 * come from an older or newer writer: a leaf that cannot be evaluated becomes a condition that never holds instead
 * of an exception.
 */
final class RuleCompiler {

    /** Deeper trees than the API allows are not evaluated; guards the recursion. */
    private static final int MAX_DEPTH = 16;

    private final int maxOpenWindows;
    private final List<Leaf> leaves = new ArrayList<>();

    private RuleCompiler(int maxOpenWindows) {
        this.maxOpenWindows = maxOpenWindows;
    }

    static CompiledRule compile(Rule rule, int maxOpenWindows) {
        RuleCompiler compiler = new RuleCompiler(maxOpenWindows);
        RuleCondition condition = rule.spec().condition();
        RuleCondition clear = rule.spec().clear();
        ConditionNode raiseNode = compiler.node(condition, 0);
        int conditionLeaves = compiler.leaves.size();
        ConditionNode clearNode = clear == null ? null : compiler.node(clear, 0);
        return new CompiledRule(rule.revision(), condition, clear, raiseNode, clearNode, List.copyOf(compiler.leaves),
                conditionLeaves);
    }

    private ConditionNode node(RuleCondition condition, int depth) {
        if (depth > MAX_DEPTH) {
            return never("too deeply nested");
        }
        return switch (condition) {
            case null -> never("no condition");
            case AllOfCondition all -> children(all.conditions(), depth)
                    .<ConditionNode>map(ConditionNode.AllOfNode::new).orElseGet(() -> never("empty allOf"));
            case AnyOfCondition any -> children(any.conditions(), depth)
                    .<ConditionNode>map(ConditionNode.AnyOfNode::new).orElseGet(() -> never("empty anyOf"));
            case ThresholdCondition threshold -> threshold(threshold);
            case WindowCondition window -> window(window);
            case NoDataCondition noData -> noData(noData);
            case StuckCondition stuck -> stuck(stuck);
        };
    }

    private Optional<List<ConditionNode>> children(List<RuleCondition> conditions, int depth) {
        if (conditions == null || conditions.isEmpty()) {
            return Optional.empty();
        }
        List<ConditionNode> nodes = new ArrayList<>(conditions.size());
        for (RuleCondition child : conditions) {
            nodes.add(node(child, depth + 1));
        }
        return Optional.of(List.copyOf(nodes));
    }

    private ConditionNode threshold(ThresholdCondition threshold) {
        Optional<Condition> condition = condition(threshold.operator(), threshold.value(), threshold.upper());
        Duration forDuration = threshold.forDuration() == null ? Duration.ZERO : threshold.forDuration();
        if (blank(threshold.measurement()) || condition.isEmpty() || forDuration.isNegative()) {
            return never("unusable threshold");
        }
        return leaf(new ThresholdLeaf(leaves.size(), threshold.measurement(), condition.get(), forDuration));
    }

    private ConditionNode window(WindowCondition window) {
        Optional<Condition> condition = condition(window.operator(), window.value(), window.upper());
        Optional<Aggregate> aggregate = Aggregate.fromSymbol(window.aggregate());
        Duration size = window.size();
        Duration advance = window.advance() == null ? size : window.advance();
        Duration grace = window.grace() == null || window.grace().isNegative() ? Duration.ZERO : window.grace();
        if (blank(window.measurement()) || condition.isEmpty() || aggregate.isEmpty()
                || size == null || size.toMillis() <= 0 || advance.toMillis() <= 0
                // more overlapping windows than may be open at once: the bound would close them early
                || Math.ceilDiv(size.toMillis(), advance.toMillis()) > maxOpenWindows) {
            return never("unusable window");
        }
        return leaf(new WindowLeaf(leaves.size(), window.measurement(), aggregate.get(), size, advance, grace,
                condition.get(), maxOpenWindows));
    }

    private ConditionNode noData(NoDataCondition noData) {
        if (!positive(noData.forDuration()) || (noData.measurement() != null && noData.measurement().isBlank())) {
            return never("unusable noData");
        }
        return leaf(new NoDataLeaf(leaves.size(), noData.measurement(), noData.forDuration()));
    }

    private ConditionNode stuck(StuckCondition stuck) {
        if (blank(stuck.measurement()) || !positive(stuck.forDuration())
                || (stuck.value() != null && stuck.value().isNaN())) {
            return never("unusable stuck");
        }
        return leaf(new StuckLeaf(leaves.size(), stuck.measurement(), stuck.value(), stuck.forDuration()));
    }

    private ConditionNode leaf(Leaf leaf) {
        leaves.add(leaf);
        return new ConditionNode.LeafNode(leaf);
    }

    private static Optional<Condition> condition(String operator, Double value, Double upper) {
        Optional<Comparison> comparison = Comparison.fromSymbol(operator);
        if (comparison.isEmpty() || value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Condition(comparison.get(), value, comparison.get().ranged() ? upper : null));
        } catch (IllegalArgumentException unusable) {
            return Optional.empty();
        }
    }

    private static ConditionNode never(String why) {
        return new ConditionNode.NeverNode("(" + why + ")");
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isZero() && !duration.isNegative();
    }
}
