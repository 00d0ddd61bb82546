package io.fieldlink.rules.streams;

import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link RuleCatalog} over the Streams app's global {@value RulesTopology#RULES_STORE} store. */
final class StreamsRuleCatalog implements RuleCatalog {

    private final RulesStreamsLifecycle streams;

    StreamsRuleCatalog(RulesStreamsLifecycle streams) {
        this.streams = streams;
    }

    @Override
    public Optional<Rule> find(String tenantId, String ruleId) {
        return streams.query(RulesTopology.RULES_STORE, QueryableStoreTypes.<String, Rule>keyValueStore(),
                store -> Optional.ofNullable(store.get(Rule.key(tenantId, ruleId))));
    }

    @Override
    public List<Rule> list(String tenantId) {
        return streams.query(RulesTopology.RULES_STORE, QueryableStoreTypes.<String, Rule>keyValueStore(), store -> {
            List<Rule> rules = new ArrayList<>();
            try (KeyValueIterator<String, Rule> entries = store.prefixScan(tenantId + "/", new StringSerializer())) {
                entries.forEachRemaining(entry -> {
                    if (entry.value != null && entry.value.tenantId().equals(tenantId)) {
                        rules.add(entry.value);
                    }
                });
            }
            rules.sort(Comparator.comparing(Rule::ruleId));
            return List.copyOf(rules);
        });
    }
}
