package io.fieldlink.rules.api;

import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleJson;

/** {@link RulePublisher} on {@code iot.rules.v1}: value {@link RuleJson}, a tombstone deletes. */
final class KafkaRulePublisher implements RulePublisher {

    private final AcknowledgedSender sender;

    KafkaRulePublisher(AcknowledgedSender sender) {
        this.sender = sender;
    }

    @Override
    public void put(Rule rule) {
        sender.send(Topics.RULES.name(), rule.key(), RuleJson.write(rule), rule.tenantId());
    }

    @Override
    public void delete(String tenantId, String ruleId) {
        sender.send(Topics.RULES.name(), Rule.key(tenantId, ruleId), null, tenantId);
    }
}
