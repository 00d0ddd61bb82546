package io.fieldlink.rules.evaluation;

import io.fieldlink.rules.definition.Rule;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled rules by rule key, so an operator is parsed once per rule revision and not once per reading.
 * Thread-safe; bounded: when full, a tenth of the entries (arbitrary ones) is dropped and compiled again on use,
 * which is cheap next to bookkeeping an exact LRU on every call.
 */
final class CompiledRules {

    private final ConcurrentHashMap<String, CompiledRule> byKey = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final int maxOpenWindows;

    CompiledRules(int maxEntries, int maxOpenWindows) {
        this.maxEntries = maxEntries;
        this.maxOpenWindows = maxOpenWindows;
    }

    CompiledRule of(Rule rule) {
        String key = rule.key();
        CompiledRule cached = byKey.get(key);
        if (cached != null && cached.compiledFrom(rule)) {
            return cached;
        }
        CompiledRule compiled = RuleCompiler.compile(rule, maxOpenWindows);
        if (cached == null && byKey.size() >= maxEntries) {
            evictSome();
        }
        byKey.put(key, compiled);
        return compiled;
    }

    int size() {
        return byKey.size();
    }

    private void evictSome() {
        int toRemove = Math.max(1, maxEntries / 10);
        Iterator<String> keys = byKey.keySet().iterator();
        while (toRemove-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
