package io.fieldlink.rules.streams;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleScope;
import io.fieldlink.rules.evaluation.Evaluation;
import io.fieldlink.rules.evaluation.PreparedRule;
import io.fieldlink.rules.evaluation.RuleEngine;
import io.fieldlink.rules.evaluation.RuleState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates every reading against the tenant's enabled rules in scope for the device, and on a wall-clock
 * punctuator ticks no-data rules, sends reminders and reconciles open alerts with edited, disabled or deleted
 * rules. Input is raw bytes: a reading that cannot be read goes to the dead-letter topic instead of stopping
 * the app.
 */
final class TelemetryProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(TelemetryProcessor.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final RuleEngine engine;
    private final Duration punctuateInterval;
    private final RulesStreamsMetrics metrics;
    private final TenantRuleCache ruleCache;
    private final int stateCacheDevices;
    /** Punctuations between two walks over all states when no rule needs ticks (about a minute at 1 s). */
    private static final long ORPHAN_SWEEP_EVERY = 60;
    private long punctuations;
    /** Whether states of rules with no-data conditions may exist: true at start, for restored states. */
    private boolean ticksNeeded = true;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Rule> rules;
    private KeyValueStore<String, DeviceProfileChanged> profiles;
    private DeviceStates states;
    private KeyValueStore<String, OpenAlert> openAlerts;
    private KeyValueStore<String, Long> deviceClocks;
    private Outputs outputs;
    private AlertTransitions transitions;

    TelemetryProcessor(RuleEngine engine, Duration punctuateInterval, RulesStreamsMetrics metrics,
                       TenantRuleCache ruleCache, int stateCacheDevices) {
        this.ruleCache = ruleCache;
        this.stateCacheDevices = stateCacheDevices;
        this.engine = engine;
        this.punctuateInterval = punctuateInterval;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        rules = context.getStateStore(RulesTopology.RULES_STORE);
        profiles = context.getStateStore(RulesTopology.DEVICE_PROFILES_STORE);
        // a new cache on every init: Streams re-initialises the processor after a restore or a revived task
        states = new DeviceStates(context.getStateStore(RulesTopology.RULE_STATES_STORE), stateCacheDevices);
        openAlerts = context.getStateStore(RulesTopology.OPEN_ALERTS_STORE);
        deviceClocks = context.getStateStore(RulesTopology.DEVICE_CLOCKS_STORE);
        outputs = new Outputs(context);
        transitions = new AlertTransitions(openAlerts, context.getStateStore(RulesTopology.COMMAND_TIMES_STORE),
                outputs, metrics);
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        TelemetryReceived reading;
        try {
            reading = ContractJson.read(record.value(), TelemetryReceived.class);
        } catch (RuntimeException e) {
            deadLetter(record, e);
            return;
        }
        metrics.readingsEvaluated.increment();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String deviceId = reading.deviceId();
        Set<String> tags = tags(reading.tenantId(), deviceId);
        Long latestMillis = deviceClocks.get(deviceId);
        Instant deviceLatest = latestMillis == null ? null : Instant.ofEpochMilli(latestMillis);
        // one prefix scan each instead of a lookup per rule: only rules not at rest on this device have a state,
        // and only raised ones an open alert
        Map<String, RuleState> deviceStates = states.of(deviceId);
        Map<String, OpenAlert> deviceAlerts = StoreKeys.ofDevice(openAlerts, deviceId);
        long[] evaluated = {0};
        Collection<String> active = deviceStates.isEmpty() && deviceAlerts.isEmpty() ? Set.of()
                : union(deviceStates.keySet(), deviceAlerts.keySet());
        // only the rules this reading may move: those with state or an open alert here, and those whose
        // condition it meets (the rest stay at rest, see RuleSet)
        ruleCache.rules(reading.tenantId(), this::tenantRules).candidates(reading, active, prepared -> {
            Rule rule = prepared.rule();
            if (rule.enabled() && inScope(rule.spec().scope(), deviceId, tags)) {
                evaluate(prepared, reading, now, deviceLatest, deviceStates.get(prepared.key()),
                        deviceAlerts.get(prepared.key()));
                evaluated[0]++;
            }
        });
        metrics.ruleEvaluations.increment(evaluated[0]);
        long eventMillis = reading.eventTime().toEpochMilli();
        if (latestMillis == null || eventMillis > latestMillis) {
            deviceClocks.put(deviceId, eventMillis);
        }
    }

    private void evaluate(PreparedRule prepared, TelemetryReceived reading, Instant now, Instant deviceLatest,
                          RuleState stored, OpenAlert open) {
        Rule rule = prepared.rule();
        String key = StoreKeys.of(reading.deviceId(), prepared.key());
        if (open != null) {
            // tell subscribers about the edit before the new definition raises or clears anything
            transitions.reconcile(key, open, rule, now);
        }
        try {
            Evaluation evaluation = engine.onDeviceReading(prepared, stored, reading, now, deviceLatest);
            if (evaluation.lateDropped() > 0) {
                metrics.lateReadingsDropped.increment(evaluation.lateDropped());
            }
            if (evaluation.state() != stored) {
                // the engine hands back the very instance when nothing changed: no changelog write then; a rule
                // back at rest is deleted, so the store holds only the rules with something to remember
                if (engine.isIdle(prepared, evaluation.state())) {
                    if (stored != null) {
                        states.delete(reading.deviceId(), prepared.key());
                    }
                } else {
                    states.put(reading.deviceId(), prepared.key(), evaluation.state());
                    if (!ticksNeeded && prepared.needsTicks()) {
                        ticksNeeded = true;
                    }
                }
            }
            evaluation.signal().ifPresent(signal -> transitions.onSignal(rule, reading.deviceId(), signal, now));
        } catch (RuntimeException e) {
            evaluationFailed(rule, reading.deviceId(), e);
        }
    }

    private void punctuate(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        punctuations++;
        for (KeyValue<String, OpenAlert> entry : snapshot(openAlerts)) {
            Rule rule = rule(StoreKeys.ruleKey(entry.key));
            transitions.reconcile(entry.key, entry.value, rule, now);
            OpenAlert current = openAlerts.get(entry.key);
            if (current != null && rule != null) {
                transitions.remindIfDue(entry.key, current, rule, now);
            }
        }
        // walking every state reads (and parses) all of them: do it when rules with no-data conditions are about,
        // and otherwise only now and then, to drop the states of deleted and disabled rules
        boolean sweep = punctuations % ORPHAN_SWEEP_EVERY == 1;
        if (!ticksNeeded && !sweep) {
            return;
        }
        boolean[] ticksSeen = {false};
        // collected first (only the entries that need work): the loop below writes to the store it walks
        List<KeyValue<String, RuleState>> orphaned = new ArrayList<>();
        List<KeyValue<String, RuleState>> ticking = new ArrayList<>();
        try (KeyValueIterator<String, RuleState> all = states.all()) {
            all.forEachRemaining(entry -> {
                Rule rule = rule(StoreKeys.ruleKey(entry.key));
                if (rule == null || !rule.enabled()) {
                    orphaned.add(entry);
                } else if (engine.needsTicks(rule)) {
                    ticking.add(entry);
                    ticksSeen[0] = true;
                }
            });
        }
        ticksNeeded = ticksSeen[0];
        for (KeyValue<String, RuleState> entry : orphaned) {
            states.delete(StoreKeys.deviceId(entry.key), StoreKeys.ruleKey(entry.key));
            transitions.forgetCommands(entry.key);
        }
        for (KeyValue<String, RuleState> entry : ticking) {
            tick(rule(StoreKeys.ruleKey(entry.key)), entry.key, entry.value, now);
        }
    }

    @Override
    public void close() {
        if (states != null) {
            states.clear();
        }
    }

    private void tick(Rule rule, String key, RuleState state, Instant now) {
        String deviceId = StoreKeys.deviceId(key);
        try {
            Evaluation evaluation = engine.onTick(rule, state, now);
            metrics.ruleEvaluations.increment();
            if (evaluation.state() != state) {
                states.put(deviceId, StoreKeys.ruleKey(key), evaluation.state());
            }
            evaluation.signal().ifPresent(signal -> transitions.onSignal(rule, deviceId, signal, now));
        } catch (RuntimeException e) {
            evaluationFailed(rule, deviceId, e);
        }
    }

    private List<Rule> tenantRules(String tenantId) {
        List<Rule> result = new ArrayList<>();
        try (KeyValueIterator<String, Rule> entries = rules.prefixScan(tenantId + "/", KEYS)) {
            entries.forEachRemaining(entry -> {
                if (entry.value != null && entry.value.tenantId().equals(tenantId)) {
                    result.add(entry.value);
                }
            });
        }
        return result;
    }

    private Set<String> tags(String tenantId, String deviceId) {
        DeviceProfileChanged profile = profiles.get(deviceId);
        return profile == null || !profile.tenantId().equals(tenantId) ? Set.of() : profile.tags();
    }

    private Rule rule(String ruleKey) {
        PreparedRule prepared = ruleCache.rule(ruleKey, this::tenantRules);
        return prepared == null ? null : prepared.rule();
    }

    static boolean inScope(RuleScope scope, String deviceId, Set<String> tags) {
        if (scope == null || scope.allDevices()) {
            return true;
        }
        return scope.deviceId() != null ? scope.deviceId().equals(deviceId) : tags.contains(scope.tag());
    }

    private static Collection<String> union(Set<String> a, Set<String> b) {
        Set<String> both = new java.util.HashSet<>(a);
        both.addAll(b);
        return both;
    }

    private static <V> List<KeyValue<String, V>> snapshot(KeyValueStore<String, V> store) {
        // copied first: the loop below writes to the store it walks
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }

    private void evaluationFailed(Rule rule, String deviceId, RuntimeException e) {
        // one broken rule must not stop every other rule of every device; the state stays as it was
        metrics.evaluationErrors.increment();
        log.warn("Rule {} failed on device {}: {}", rule.key(), deviceId, e.toString());
    }

    private void deadLetter(Record<String, byte[]> record, RuntimeException e) {
        metrics.deadLettered.increment();
        String reason = DeadLetterReasons.of("undeserialisable telemetry", e);
        log.warn("Dead-lettering a telemetry record of key {} to {}: {}", record.key(),
                RulesTopology.DEAD_LETTER_TOPIC, reason);
        outputs.deadLetter(record, reason);
    }
}
