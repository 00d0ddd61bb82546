package io.fieldlink.rules.notify;

import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Test stand-in for the Streams-backed catalog: the rules tests put in. */
final class MapRuleCatalog implements RuleCatalog {

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    void put(Rule rule) {
        rules.put(rule.key(), rule);
    }

    @Override
    public Optional<Rule> find(String tenantId, String ruleId) {
        return Optional.ofNullable(rules.get(Rule.key(tenantId, ruleId)));
    }

    @Override
    public List<Rule> list(String tenantId) {
        return rules.values().stream()
                .filter(rule -> rule.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(Rule::ruleId))
                .toList();
    }
}
