package io.fieldlink.rules.api;

import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.support.web.IfMatch;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The write path in plain Java, with a catalog that trails the topic like the Streams table does. */
class RuleWritesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final RuleSpec SPEC = new RuleSpec("hot", null, null, Severity.MAJOR, null,
            new ThresholdCondition("temperature", ">", 35.0, null, null), null, null, null);

    /** The topic; the catalog shows it only after {@code lagReads} reads, and throws on the first {@code failingReads}. */
    static final class LaggingCatalog implements RuleCatalog, RulePublisher {
        final Map<String, Rule> topic = new ConcurrentHashMap<>();
        final Map<String, Rule> table = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        int lagReads;
        int failingReads;

        @Override
        public void put(Rule rule) {
            topic.put(rule.key(), rule);
            reads.set(0);
        }

        @Override
        public void delete(String tenantId, String ruleId) {
            topic.remove(Rule.key(tenantId, ruleId));
            reads.set(0);
        }

        @Override
        public Optional<Rule> find(String tenantId, String ruleId) {
            int read = reads.incrementAndGet();
            if (read <= failingReads) {
                throw new IllegalStateException("store is restoring");
            }
            if (read > lagReads) {
                table.clear();
                table.putAll(topic);
            }
            return Optional.ofNullable(table.get(Rule.key(tenantId, ruleId)));
        }

        @Override
        public List<Rule> list(String tenantId) {
            return table.values().stream().filter(rule -> rule.tenantId().equals(tenantId)).toList();
        }
    }

    private final LaggingCatalog catalog = new LaggingCatalog();

    private RuleWrites writes(Duration visibleTimeout) {
        var limits = new RulesProperties.Limits(null, null, null, visibleTimeout);
        return new RuleWrites(new RuleValidator(limits, uri -> Optional.empty()), catalog, catalog, limits,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aWriteReturnsOnceTheCatalogShowsIt() {
        catalog.lagReads = 5;
        catalog.failingReads = 2;

        Rule rule = writes(Duration.ofSeconds(5)).create("OP-A", SPEC);

        assertThat(catalog.table).containsEntry(rule.key(), rule);
        assertThat(catalog.reads.get()).isEqualTo(6);
    }

    @Test
    void aDeleteReturnsOnceTheCatalogNoLongerShowsIt() {
        RuleWrites writes = writes(Duration.ofSeconds(5));
        Rule rule = writes.create("OP-A", SPEC);
        catalog.lagReads = 3;

        writes.delete("OP-A", rule.ruleId(), null);

        assertThat(catalog.table).doesNotContainKey(rule.key());
    }

    @Test
    void aWriteTheCatalogNeverShowsSucceedsAfterTheTimeout() {
        catalog.lagReads = Integer.MAX_VALUE;

        long started = System.nanoTime();
        Rule rule = writes(Duration.ofMillis(200)).create("OP-A", SPEC);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(2));
        assertThat(catalog.topic).containsEntry(rule.key(), rule);
    }

    @Test
    void anUpdateAddsOneToTheRevisionAndKeepsCreatedAt() {
        Rule created = writes(Duration.ofSeconds(1)).create("OP-A", SPEC);
        var later = new RuleWrites(new RuleValidator(RulesProperties.defaults().limits(), uri -> Optional.empty()),
                catalog, catalog, RulesProperties.defaults().limits(), Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));

        RuleWrites.Written written = later.upsert("OP-A", created.ruleId(), SPEC, IfMatch.parse("\"1\""));

        assertThat(written.created()).isFalse();
        assertThat(written.rule().revision()).isEqualTo(2);
        assertThat(written.rule().createdAt()).isEqualTo(NOW);
        assertThat(written.rule().updatedAt()).isEqualTo(NOW.plusSeconds(60));
    }
}
