package io.fieldlink.rules.streams;

import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.evaluation.PreparedRule;
import io.fieldlink.rules.evaluation.RuleEngine;
import io.fieldlink.rules.evaluation.RuleSet;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The tenant's rules as parsed and compiled objects, so a reading does not scan and parse every rule of its tenant from the
 * global store (with 1,000 rules that parsing alone caps a thread at a few dozen readings per second). The global
 * thread bumps a generation after every change of the rules store; an entry loaded under an older generation is
 * loaded again. Reading the generation before loading makes the race safe: a change that lands during a load
 * bumps the generation after the entry was stamped, so the entry is reloaded on its next use.
 */
final class TenantRuleCache {

    private record Entry(long generation, RuleSet rules) {
    }

    private final RuleEngine engine;

    TenantRuleCache(RuleEngine engine) {
        this.engine = engine;
    }

    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Called by the global thread after it changed the rules store. */
    void rulesChanged() {
        generation.incrementAndGet();
    }

    /** The tenant's rules, prepared for the engine and indexed. */
    RuleSet rules(String tenantId, Function<String, List<Rule>> load) {
        return entry(tenantId, load).rules();
    }

    /** The rule with store key {@code tenantId/ruleId}, or null when the tenant has no such rule. */
    PreparedRule rule(String ruleKey, Function<String, List<Rule>> load) {
        int slash = ruleKey.indexOf('/');
        return slash < 0 ? null : entry(ruleKey.substring(0, slash), load).rules().byKey(ruleKey);
    }

    private Entry entry(String tenantId, Function<String, List<Rule>> load) {
        long current = generation.get();
        Entry entry = entries.get(tenantId);
        if (entry != null && entry.generation() == current) {
            return entry;
        }
        Entry loaded = new Entry(current, engine.prepareAll(load.apply(tenantId)));
        entries.put(tenantId, loaded);
        return loaded;
    }
}
