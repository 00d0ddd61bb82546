package io.fieldlink.rules.definition;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RuleJsonTest {

    @Test
    void farmRuleRoundTripsWithReadableJson() {
        RuleSpec spec = new RuleSpec("Greenhouse too hot", null, true, Severity.MAJOR, RuleScope.ALL_DEVICES,
                new AnyOfCondition(List.of(
                        new ThresholdCondition("temperature", ">", 35.0, null, Duration.ofMinutes(1)),
                        new ThresholdCondition("temperature", ">", 40.0, null, null))),
                new ThresholdCondition("temperature", "<", 30.0, null, null),
                new RuleNotifications(new WebhookTarget("https://example.com/hook", "0123456789abcdef"),
                        new EmailTarget(List.of("farmer@example.com"), "ja"), null, Duration.ofHours(1)),
                new RuleActions(new CommandAction("sprinkler", Map.of("state", "on"), null),
                        new CommandAction("sprinkler", Map.of("state", "off"), null), Duration.ofMinutes(5)));
        Rule rule = new Rule("OP0000000001", "hot", 3, Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-27T11:00:00Z"), spec);

        byte[] json = RuleJson.write(rule);
        String text = new String(json, StandardCharsets.UTF_8);

        assertThat(text).contains("\"type\":\"anyOf\"", "\"for\":\"PT1M\"", "\"severity\":\"major\"",
                "\"createdAt\":\"2026-11-27T10:00:00Z\"");
        assertThat(RuleJson.read(json)).isEqualTo(rule);
        assertThat(rule.key()).isEqualTo("OP0000000001/hot");
    }

    @Test
    void everyConditionKindReadsFromItsDocumentedJson() {
        String json = """
                {"type":"allOf","conditions":[
                  {"type":"window","measurement":"temperature","aggregate":"avg","size":"PT5M","advance":"PT1M",
                   "grace":"PT30S","operator":">","value":30},
                  {"type":"noData","measurement":"power","for":"PT10M"},
                  {"type":"stuck","measurement":"power","value":0,"for":"PT30M"}]}""";
        RuleCondition condition = ContractJson.read(json.getBytes(StandardCharsets.UTF_8), RuleCondition.class);
        assertThat(condition).isEqualTo(new AllOfCondition(List.of(
                new WindowCondition("temperature", "avg", Duration.ofMinutes(5), Duration.ofMinutes(1),
                        Duration.ofSeconds(30), ">", 30.0, null),
                new NoDataCondition("power", Duration.ofMinutes(10)),
                new StuckCondition("power", 0.0, Duration.ofMinutes(30)))));
    }

    @Test
    void webhookSecretNeverAppearsInToString() {
        assertThat(new WebhookTarget("https://example.com", "supersecretvalue!").toString())
                .doesNotContain("supersecretvalue");
    }
}
