package io.fieldlink.rules.api;

import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.WebhookTarget;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.web.IfMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Creates, replaces and deletes a tenant's rules: validates, checks limits and preconditions against the
 * catalog, publishes, then waits until the catalog (the evaluator's table) shows the change, so a read right
 * after a write sees it.
 *
 * <p>The precondition checks read the catalog, which trails the topic by a moment: two writers racing for the
 * same rule can both pass them, and the later record wins. {@code If-Match} narrows that window, it does not
 * close it.
 */
class RuleWrites {

    private static final Logger log = LoggerFactory.getLogger(RuleWrites.class);
    static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration POLL = Duration.ofMillis(20);

    /** A stored rule and whether the write created it. */
    record Written(Rule rule, boolean created) {
    }

    private final RuleValidator validator;
    private final RulePublisher publisher;
    private final RuleCatalog catalog;
    private final RulesProperties.Limits limits;
    private final Clock clock;

    RuleWrites(RuleValidator validator, RulePublisher publisher, RuleCatalog catalog, RulesProperties.Limits limits,
               Clock clock) {
        this.validator = validator;
        this.publisher = publisher;
        this.catalog = catalog;
        this.limits = limits;
        this.clock = clock;
    }

    /** A new rule with a server-made id. */
    Rule create(String tenantId, RuleSpec spec) {
        requireValid(spec);
        requireRoom(tenantId);
        Instant now = clock.instant();
        Rule rule = new Rule(tenantId, UUID.randomUUID().toString(), 1, now, now, spec);
        publisher.put(rule);
        awaitVisible(rule);
        return rule;
    }

    /** Creates the rule under the client's id, or replaces it (revision + 1, creation time kept). */
    Written upsert(String tenantId, String ruleId, RuleSpec spec, IfMatch ifMatch) {
        requireRuleId(ruleId);
        Optional<Rule> current = catalog.find(tenantId, ruleId);
        if (ifMatch != null && !ifMatch.matches(current.map(Rule::revision).orElse(null))) {
            throw ApiProblems.revisionMismatch(ruleId, current.map(Rule::revision).orElse(null));
        }
        RuleSpec effective = current.map(existing -> keepWebhookSecret(spec, existing.spec())).orElse(spec);
        requireValid(effective);
        Instant now = clock.instant();
        Rule rule;
        if (current.isEmpty()) {
            requireRoom(tenantId);
            rule = new Rule(tenantId, ruleId, 1, now, now, effective);
        } else {
            Rule existing = current.get();
            rule = new Rule(tenantId, ruleId, existing.revision() + 1, existing.createdAt(), now, effective);
        }
        publisher.put(rule);
        awaitVisible(rule);
        return new Written(rule, current.isEmpty());
    }

    /** Deletes the rule; 404 when the tenant has none with that id. */
    void delete(String tenantId, String ruleId, IfMatch ifMatch) {
        requireRuleId(ruleId);
        Rule current = catalog.find(tenantId, ruleId).orElseThrow(() -> ApiProblems.ruleNotFound(ruleId));
        if (ifMatch != null && !ifMatch.matches(current.revision())) {
            throw ApiProblems.revisionMismatch(ruleId, current.revision());
        }
        publisher.delete(tenantId, ruleId);
        awaitCatalog(tenantId, ruleId, Optional::isEmpty, "deletion");
    }

    static void requireRuleId(String ruleId) {
        if (ruleId == null || !RULE_ID.matcher(ruleId).matches()) {
            throw ApiProblemException.invalidParameter("ruleId",
                    "Parameter 'ruleId' must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
        }
    }

    private void requireValid(RuleSpec spec) {
        List<RuleViolation> violations = validator.validate(spec);
        if (!violations.isEmpty()) {
            throw ApiProblems.invalidRule(violations);
        }
    }

    private void requireRoom(String tenantId) {
        if (catalog.count(tenantId) >= limits.maxRulesPerTenant()) {
            throw ApiProblems.tooManyRules(limits.maxRulesPerTenant());
        }
    }

    /**
     * The secret is write-only, so a client that read a rule cannot send it back. A webhook without a secret
     * for the same URL as the stored one keeps the stored secret; a new URL needs a new secret (the old one
     * must not sign requests to a host it was not meant for).
     */
    static RuleSpec keepWebhookSecret(RuleSpec spec, RuleSpec stored) {
        RuleNotifications notifications = spec.notifications();
        if (notifications == null || notifications.webhook() == null || notifications.webhook().secret() != null
                || stored.notifications() == null || stored.notifications().webhook() == null) {
            return spec;
        }
        WebhookTarget old = stored.notifications().webhook();
        if (!Objects.equals(old.url(), notifications.webhook().url())) {
            return spec;
        }
        RuleNotifications kept = new RuleNotifications(new WebhookTarget(old.url(), old.secret()),
                notifications.email(), notifications.on(), notifications.reminder());
        return new RuleSpec(spec.name(), spec.description(), spec.enabled(), spec.severity(), spec.scope(),
                spec.condition(), spec.clear(), kept, spec.actions());
    }

    private void awaitVisible(Rule rule) {
        awaitCatalog(rule.tenantId(), rule.ruleId(),
                found -> found.isPresent() && found.get().revision() >= rule.revision(), "revision " + rule.revision());
    }

    /**
     * Polls the catalog until it shows the write, at most {@code write-visible-timeout}. Not seeing it in time
     * is no error: the record is stored and the evaluator will get it, so the client is told success.
     */
    private void awaitCatalog(String tenantId, String ruleId, Predicate<Optional<Rule>> visible, String what) {
        long deadline = System.nanoTime() + limits.writeVisibleTimeout().toNanos();
        while (true) {
            try {
                if (visible.test(catalog.find(tenantId, ruleId))) {
                    return;
                }
            } catch (RuntimeException e) {
                // the table may be restoring; keep polling until the deadline
                log.debug("Rule catalog not readable while waiting for {}: {}", Rule.key(tenantId, ruleId), e.toString());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("Rule catalog did not show the {} of {} within {}; answering success anyway", what,
                        Rule.key(tenantId, ruleId), limits.writeVisibleTimeout());
                return;
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
