package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.ThresholdCondition;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEmailComposerTest {

    private static final Instant RAISED = Instant.parse("2026-11-27T10:00:00Z");

    private final AlertEmailComposer composer =
            new AlertEmailComposer(new DashboardLinks(URI.create("https://dash.example.com/app")));

    @Test
    void japaneseRaisedEmail() {
        AlertEmail email = composer.compose(event(AlertEventType.RAISED, null, threshold()), rule("温室が高温"), "ja");

        assertThat(email.subject()).isEqualTo("[Fieldlink] 重大アラート発生: 温室が高温 (デバイス 295000000000001)");
        assertThat(email.body()).contains(
                "ルール: 温室が高温 (r-hot)\n",
                "重要度: 重大\n",
                "状態: 発生\n",
                "デバイス: 295000000000001\n",
                "測定項目: temperature\n",
                "値: 36.2\n",
                "条件: temperature > 35.0 for PT1M\n",
                "しきい値: 35\n",
                // 10:00 UTC is 19:00 in Tokyo
                "日時: 2026年11月27日 19:00:00 JST\n",
                "ダッシュボード（デバイス）: https://dash.example.com/app/devices/295000000000001\n",
                "ダッシュボード（アラート）: https://dash.example.com/app/alerts/a-1\n");
        assertThat(email.body()).doesNotContain("ウィンドウ", "UTC");
    }

    @Test
    void englishRaisedEmail() {
        AlertEmail email = composer.compose(event(AlertEventType.RAISED, null, threshold()), rule("Greenhouse too hot"), "en");

        assertThat(email.subject())
                .isEqualTo("[Fieldlink] MAJOR alert raised: Greenhouse too hot (device 295000000000001)");
        assertThat(email.body()).contains(
                "Rule: Greenhouse too hot (r-hot)\n",
                "Severity: MAJOR\n",
                "Device: 295000000000001\n",
                "Measurement: temperature\n",
                "Value: 36.2\n",
                "Condition: temperature > 35.0 for PT1M\n",
                "Threshold: 35\n",
                "Time: 2026-11-27 10:00:00 UTC\n",
                "Device in the dashboard: https://dash.example.com/app/devices/295000000000001\n",
                "Alert in the dashboard: https://dash.example.com/app/alerts/a-1\n");
    }

    @Test
    void clearedEventsAndSeveritiesAreTranslated() {
        AlertEvent cleared = new AlertEvent("a-1:2", AlertEventType.CLEARED, "a-1", 2, AlertStatus.CLEARED,
                "OP0000000001", "295000000000001", "r-hot", "温室が高温", Severity.CRITICAL, RAISED,
                RAISED.plusSeconds(600), threshold(), "condition-cleared", null, null, RAISED.plusSeconds(600));

        assertThat(composer.compose(cleared, rule("温室が高温"), "ja").subject())
                .isEqualTo("[Fieldlink] 緊急アラート解除: 温室が高温 (デバイス 295000000000001)");
        assertThat(composer.compose(cleared, rule("Greenhouse too hot"), "en").subject())
                .isEqualTo("[Fieldlink] CRITICAL alert cleared: Greenhouse too hot (device 295000000000001)");
    }

    @Test
    void remindersSayTheAlertIsStillOpen() {
        AlertEvent reminder = event(AlertEventType.UPDATED, "reminder", threshold());

        assertThat(composer.compose(reminder, rule("温室が高温"), "ja").subject()).startsWith("[Fieldlink] 重大アラート継続中（リマインダー）: ");
        assertThat(composer.compose(reminder, rule("Greenhouse too hot"), "en").subject()).startsWith("[Fieldlink] MAJOR alert still open (reminder): ");
    }

    @Test
    void windowRulesShowTheirWindowInTheLanguagesTimeZone() {
        AlertTrigger window = new AlertTrigger("temperature", 31.25, "avg(temperature) over PT5M > 30.0", 30.0, "avg",
                Instant.parse("2026-11-27T09:55:00Z"), RAISED, RAISED, null, null);

        assertThat(composer.compose(event(AlertEventType.RAISED, null, window), rule("温室が高温"), "ja").body())
                .contains("ウィンドウ: 2026年11月27日 18:55:00 JST 〜 2026年11月27日 19:00:00 JST (avg)\n");
        assertThat(composer.compose(event(AlertEventType.RAISED, null, window), rule("Greenhouse too hot"), "en").body())
                .contains("Window: 2026-11-27 09:55:00 UTC to 2026-11-27 10:00:00 UTC (avg)\n");
    }

    @Test
    void lineBreaksInNamesDoNotReachTheSubject() {
        Rule rule = new Rule("OP0000000001", "r-hot", 1, RAISED, RAISED, new RuleSpec("Hot\r\nBcc: x@evil.example",
                null, null, Severity.MAJOR, null, null, null, null, null));

        assertThat(composer.compose(event(AlertEventType.RAISED, null, threshold()), rule, "en").subject())
                .isEqualTo("[Fieldlink] MAJOR alert raised: Hot Bcc: x@evil.example (device 295000000000001)")
                .doesNotContain("\n", "\r");
    }

    @Test
    void theRulesCurrentNameWinsAndTheEventsNameIsTheFallback() {
        AlertEvent event = event(AlertEventType.RAISED, null, threshold());

        assertThat(composer.compose(event, rule("温室が高温（改）"), "ja").subject()).contains(": 温室が高温（改） (");
        assertThat(composer.compose(event, rule(null), "ja").subject()).contains(": 温室が高温 (");
    }

    @Test
    void numbersAreReadable() {
        assertThat(AlertEmailComposer.number(36.2)).isEqualTo("36.2");
        assertThat(AlertEmailComposer.number(35.0)).isEqualTo("35");
        assertThat(AlertEmailComposer.number(1.0E-7)).isEqualTo("0.0000001");
        assertThat(AlertEmailComposer.number(null)).isNull();
    }

    private static AlertTrigger threshold() {
        return new AlertTrigger("temperature", 36.2, "temperature > 35.0 for PT1M", 35.0, null, null, null, RAISED,
                "m-1", RAISED.plusMillis(300));
    }

    private static AlertEvent event(AlertEventType type, String reason, AlertTrigger trigger) {
        return new AlertEvent("a-1:1", type, "a-1", 1, AlertStatus.OPEN, "OP0000000001", "295000000000001", "r-hot",
                "温室が高温", Severity.MAJOR, RAISED, RAISED, trigger, reason, null, null, null);
    }

    private static Rule rule(String name) {
        return new Rule("OP0000000001", "r-hot", 1, RAISED, RAISED, new RuleSpec(name, null, null, Severity.MAJOR,
                null, new ThresholdCondition("temperature", ">", 35.0, null, null), null, null, null));
    }
}
