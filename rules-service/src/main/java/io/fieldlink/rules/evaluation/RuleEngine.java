package io.fieldlink.rules.evaluation;

import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.evaluation.ConditionNode.Truth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates one rule for one device, plain Java: no Spring, no Kafka. The Streams processor keeps one
 * {@link RuleState} per (rule, device) in a changelogged store and calls these methods; the engine never
 * reads a clock itself.
 *
 * <p>Rule level: NORMAL raises when {@code condition} holds. RAISED clears when {@code clear} holds, or, for a rule
 * without {@code clear}, when new evidence leaves {@code condition} unsupported (a reading failing a threshold, a
 * window closing below it, data again): a for-duration delays raising, not clearing. One signal per transition. Leaves of both conditions are updated on every
 * call. Thread-safe: rules are compiled once per revision and shared.
 */
public final class RuleEngine {

    /** Default bound of compiled rules kept (across tenants). */
    public static final int DEFAULT_MAX_COMPILED_RULES = 50_000;
    /** Default bound of open windows per window condition and device. */
    public static final int DEFAULT_MAX_OPEN_WINDOWS = 64;

    private final CompiledRules compiledRules;

    private static final Evaluation AT_REST = new Evaluation(null, Optional.empty(), 0);

    public RuleEngine() {
        this(DEFAULT_MAX_COMPILED_RULES, DEFAULT_MAX_OPEN_WINDOWS);
    }

    /**
     * @param maxCompiledRules how many compiled rules to cache
     * @param maxOpenWindows   open windows per window condition and device; a window condition whose windows
     *                         overlap more often than this is not evaluated
     */
    public RuleEngine(int maxCompiledRules, int maxOpenWindows) {
        if (maxCompiledRules < 1 || maxOpenWindows < 1) {
            throw new IllegalArgumentException("maxCompiledRules and maxOpenWindows must be positive");
        }
        this.compiledRules = new CompiledRules(maxCompiledRules, maxOpenWindows);
    }

    /** A fresh state for {@code rule} (NORMAL, no leaf history). */
    public RuleState initial(Rule rule) {
        return fresh(compiledRules.of(rule), false);
    }

    /** Whether the rule has a no-data condition, i.e. whether {@link #onTick} can change anything for it. */
    public boolean needsTicks(Rule rule) {
        return compiledRules.of(rule).watchesClock();
    }

    /**
     * Applies one reading of the device. {@code arrival} is the service's wall-clock time of processing (used by
     * no-data conditions); event time comes from the reading. A state from an older rule revision is migrated:
     * leaf states start afresh and the raised flag is kept. A null state is the initial one.
     */
    public Evaluation onReading(Rule rule, RuleState state, TelemetryReceived reading, Instant arrival) {
        CompiledRule compiled = compiledRules.of(rule);
        return apply(compiled, state, reading, new Step(reading, arrival, compiled.leaves().size()));
    }

    /**
     * As {@link #onReading}, for a caller that keeps the device's latest event time ({@code deviceLatest}, null
     * before the device's first reading) and passes it in. Threshold and stuck conditions then take the device's
     * order instead of their own: a reading older than one the device already sent is ignored by them, and at rest
     * they keep nothing, so a rule at rest on a device has a state {@link #isIdle idle}, equal to the initial one,
     * which the caller need not store. Windows keep their own lateness rules (grace).
     */
    public Evaluation onDeviceReading(Rule rule, RuleState state, TelemetryReceived reading, Instant arrival,
                                      Instant deviceLatest) {
        return onDeviceReading(prepare(rule), state, reading, arrival, deviceLatest);
    }

    /** As {@link #onDeviceReading(Rule, RuleState, TelemetryReceived, Instant, Instant)}, for a prepared rule. */
    public Evaluation onDeviceReading(PreparedRule rule, RuleState state, TelemetryReceived reading, Instant arrival,
                                      Instant deviceLatest) {
        CompiledRule compiled = rule.compiled;
        if (state == null && compiled.restsOn(reading)) {
            // the common case with many rules: a rule at rest that this reading leaves at rest; nothing to do
            return AT_REST;
        }
        return apply(compiled, state, reading,
                new Step(reading, arrival, compiled.leaves().size(), true, deviceLatest));
    }

    /** The rules compiled for repeated evaluation, with the index of {@link RuleSet#candidates}. */
    public RuleSet prepareAll(java.util.Collection<Rule> rules) {
        return RuleSet.of(this, rules);
    }

    /** The rule compiled for repeated evaluation (compiled once per rule revision and cached here too). */
    public PreparedRule prepare(Rule rule) {
        return new PreparedRule(rule, compiledRules.of(rule));
    }

    /** Whether {@code state} says nothing the initial state does not: not raised, every leaf at rest. */
    public boolean isIdle(Rule rule, RuleState state) {
        return isIdle(prepare(rule), state);
    }

    /** As {@link #isIdle(Rule, RuleState)}, for a prepared rule. */
    public boolean isIdle(PreparedRule rule, RuleState state) {
        if (state == null) {
            return true;
        }
        if (state.raised()) {
            return false;
        }
        CompiledRule compiled = rule.compiled;
        if (state.leaves().size() != compiled.leaves().size()) {
            return false;
        }
        for (Leaf leaf : compiled.leaves()) {
            if (!leaf.initial().equals(state.leaves().get(leaf.slot()))) {
                return false;
            }
        }
        return true;
    }

    private Evaluation apply(CompiledRule compiled, RuleState state, TelemetryReceived reading, Step step) {
        Objects.requireNonNull(reading, "reading must not be null");
        Objects.requireNonNull(step.now, "arrival must not be null");
        RuleState current = migrate(compiled, state);
        LeafState[] before = current.leaves().toArray(LeafState[]::new);
        LeafState[] after = before.clone();
        for (Leaf leaf : compiled.leaves()) {
            if (watched(compiled, current, leaf)) {
                after[leaf.slot()] = leaf.onReading(before[leaf.slot()], step);
            }
        }
        return decide(compiled, state, current, before, after, step);
    }

    /**
     * The clear condition is watched only while the rule is raised: its durations and windows count from the
     * raise, and a rule at rest keeps no clear state (with hysteresis the clear condition usually holds exactly
     * while the rule rests, which would otherwise make every resting rule write its state on every reading).
     */
    private static boolean watched(CompiledRule compiled, RuleState current, Leaf leaf) {
        return current.raised() || leaf.slot() < compiled.conditionLeaves();
    }

    /** Wall-clock tick: no-data conditions may start to hold. */
    public Evaluation onTick(Rule rule, RuleState state, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        CompiledRule compiled = compiledRules.of(rule);
        RuleState current = migrate(compiled, state);
        Step step = new Step(null, now, compiled.leaves().size());
        LeafState[] before = current.leaves().toArray(LeafState[]::new);
        LeafState[] after = before.clone();
        for (Leaf leaf : compiled.leaves()) {
            if (watched(compiled, current, leaf)) {
                after[leaf.slot()] = leaf.onTick(before[leaf.slot()], step);
            }
        }
        return decide(compiled, state, current, before, after, step);
    }

    private static RuleState migrate(CompiledRule compiled, RuleState state) {
        if (state == null) {
            return fresh(compiled, false);
        }
        if (state.revision() != compiled.revision() || state.leaves().size() != compiled.leaves().size()) {
            return edited(compiled, state);
        }
        return state;
    }

    /** After an edit every leaf starts afresh, except what {@link Leaf#afterEdit} keeps; the raised flag is kept. */
    private static RuleState edited(CompiledRule compiled, RuleState old) {
        List<LeafState> leaves = new ArrayList<>(compiled.leaves().size());
        for (Leaf leaf : compiled.leaves()) {
            leaves.add(leaf.afterEdit(leaf.slot() < old.leaves().size() ? old.leaves().get(leaf.slot()) : null));
        }
        return new RuleState(compiled.revision(), old.raised(), leaves);
    }

    private static RuleState fresh(CompiledRule compiled, boolean raised) {
        return new RuleState(compiled.revision(), raised, compiled.leaves().stream().map(Leaf::initial).toList());
    }

    private static Evaluation decide(CompiledRule compiled, RuleState given, RuleState current, LeafState[] before,
                                     LeafState[] after, Step step) {
        boolean raised = current.raised();
        Signal signal = null;
        if (!raised) {
            if (compiled.condition().holds(after)) {
                raised = true;
                signal = signal(Signal.Kind.RAISED, compiled.condition(), Truth.HOLDS, before, after, step);
            }
        } else if (compiled.clear() != null) {
            if (compiled.clear().holds(after)) {
                raised = false;
                signal = signal(Signal.Kind.CLEARED, compiled.clear(), Truth.HOLDS, before, after, step);
            }
        } else if (!compiled.condition().supports(after)) {
            // only on new evidence against it: right after an edit (fresh leaf states) a reading of some other
            // measurement must not clear an alert that nothing contradicts
            AlertTrigger trigger = compiled.condition().cause(Truth.UNSUPPORTED, before, after, step.triggers);
            if (trigger != null || compiled.conditionLeaves() == 0) {
                raised = false;
                signal = new Signal(Signal.Kind.CLEARED,
                        trigger != null ? trigger : wholeCondition(compiled.condition(), step));
            }
        }
        if (!raised) {
            // back at rest (or still): the clear condition is not watched, its leaves start afresh at the next raise
            for (int slot = compiled.conditionLeaves(); slot < after.length; slot++) {
                after[slot] = compiled.leaves().get(slot).initial();
            }
        }
        RuleState next = current == given && raised == current.raised() && Arrays.equals(before, after)
                ? current
                : new RuleState(current.revision(), raised, List.of(after));
        return new Evaluation(next, Optional.ofNullable(signal), step.lateDropped);
    }

    private static Signal signal(Signal.Kind kind, ConditionNode node, Truth truth, LeafState[] before,
                                 LeafState[] after, Step step) {
        AlertTrigger trigger = node.cause(truth, before, after, step.triggers);
        return new Signal(kind, trigger != null ? trigger : wholeCondition(node, step));
    }

    /** When no leaf saw it happen in this step (e.g. the rule was edited): the whole condition, this step's time. */
    private static AlertTrigger wholeCondition(ConditionNode node, Step step) {
        return step.reading == null
                ? new AlertTrigger(null, null, node.text(), null, null, null, null, step.now, null, null)
                : step.readingTrigger(null, null, node.text(), null);
    }
}
