package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;

import java.util.List;
import java.util.stream.Collectors;

/** A compiled condition tree over the leaf states of one rule on one device (index = {@link Leaf#slot()}). */
sealed interface ConditionNode {

    /** Which truth of a node a question is about. */
    enum Truth {
        /** the condition holds (raises) */
        HOLDS,
        /** no evidence speaks for the condition any more (clears a rule that has no clear condition) */
        UNSUPPORTED
    }

    boolean holds(LeafState[] states);

    /** Whether evidence still speaks for the condition (see {@link Leaf#supports}). */
    boolean supports(LeafState[] states);

    /** The condition in words. */
    String text();

    default boolean is(Truth truth, LeafState[] states) {
        return truth == Truth.HOLDS ? holds(states) : !supports(states);
    }

    /**
     * The trigger of the leaf that made {@code truth} true in this step: children that just turned true are asked
     * first, then those that were already true; null when no leaf offered a trigger.
     */
    AlertTrigger cause(Truth truth, LeafState[] before, LeafState[] after, AlertTrigger[] triggers);

    record LeafNode(Leaf leaf) implements ConditionNode {

        @Override
        public boolean holds(LeafState[] states) {
            return leaf.holds(states[leaf.slot()]);
        }

        @Override
        public boolean supports(LeafState[] states) {
            return leaf.supports(states[leaf.slot()]);
        }

        @Override
        public String text() {
            return leaf.text();
        }

        @Override
        public AlertTrigger cause(Truth truth, LeafState[] before, LeafState[] after, AlertTrigger[] triggers) {
            return triggers[leaf.slot()];
        }
    }

    /** All children hold; supported while every child is. */
    record AllOfNode(List<ConditionNode> children) implements ConditionNode {

        @Override
        public boolean holds(LeafState[] states) {
            for (ConditionNode child : children) {
                if (!child.holds(states)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean supports(LeafState[] states) {
            for (ConditionNode child : children) {
                if (!child.supports(states)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String text() {
            return children.stream().map(ConditionNode::text).collect(Collectors.joining(" and ", "(", ")"));
        }

        @Override
        public AlertTrigger cause(Truth truth, LeafState[] before, LeafState[] after, AlertTrigger[] triggers) {
            return causeAmong(children, truth, before, after, triggers);
        }
    }

    /** At least one child holds; supported while one child is. */
    record AnyOfNode(List<ConditionNode> children) implements ConditionNode {

        @Override
        public boolean holds(LeafState[] states) {
            for (ConditionNode child : children) {
                if (child.holds(states)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean supports(LeafState[] states) {
            for (ConditionNode child : children) {
                if (child.supports(states)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String text() {
            return children.stream().map(ConditionNode::text).collect(Collectors.joining(" or ", "(", ")"));
        }

        @Override
        public AlertTrigger cause(Truth truth, LeafState[] before, LeafState[] after, AlertTrigger[] triggers) {
            return causeAmong(children, truth, before, after, triggers);
        }
    }

    /** A condition that cannot be evaluated (unknown operator, missing field...): never holds, never raises. */
    record NeverNode(String text) implements ConditionNode {

        @Override
        public boolean holds(LeafState[] states) {
            return false;
        }

        @Override
        public boolean supports(LeafState[] states) {
            return false;
        }

        @Override
        public AlertTrigger cause(Truth truth, LeafState[] before, LeafState[] after, AlertTrigger[] triggers) {
            return null;
        }
    }

    private static AlertTrigger causeAmong(List<ConditionNode> children, Truth truth, LeafState[] before,
                                           LeafState[] after, AlertTrigger[] triggers) {
        for (ConditionNode child : children) {
            if (child.is(truth, after) && !child.is(truth, before)) {
                AlertTrigger trigger = child.cause(truth, before, after, triggers);
                if (trigger != null) {
                    return trigger;
                }
            }
        }
        for (ConditionNode child : children) {
            if (child.is(truth, after)) {
                AlertTrigger trigger = child.cause(truth, before, after, triggers);
                if (trigger != null) {
                    return trigger;
                }
            }
        }
        return null;
    }
}
