package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.Rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Writes alert emails in Japanese ({@code ja}, times in Asia/Tokyo) or English ({@code en}, times in UTC): a subject
 * such as {@code [Fieldlink] 重大アラート発生: 温室が高温 (デバイス 295000000000001)} and a plain-text body with rule,
 * severity, device, measurement, value, condition and threshold, time, window and links to the dashboard.
 */
final class AlertEmailComposer {

    static final String JAPANESE = "ja";
    static final String ENGLISH = "en";

    private static final DateTimeFormatter JA_TIME =
            DateTimeFormatter.ofPattern("uuuu年M月d日 HH:mm:ss 'JST'", Locale.JAPAN).withZone(ZoneId.of("Asia/Tokyo"));
    private static final DateTimeFormatter EN_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Map<Severity, String> JA_SEVERITY = Map.of(
            Severity.CRITICAL, "緊急",
            Severity.MAJOR, "重大",
            Severity.MINOR, "軽度",
            Severity.WARNING, "警告",
            Severity.INFO, "情報");

    private static final Map<AlertEventType, String> JA_TRANSITION = Map.of(
            AlertEventType.RAISED, "発生",
            AlertEventType.UPDATED, "更新",
            AlertEventType.ACKNOWLEDGED, "確認済み",
            AlertEventType.CLEARED, "解除");

    private final DashboardLinks links;

    AlertEmailComposer(DashboardLinks links) {
        this.links = links;
    }

    /** The email in {@code language} ({@code ja} or {@code en}; anything else is English). */
    AlertEmail compose(AlertEvent event, Rule rule, String language) {
        String ruleName = oneLine(rule.spec().name() == null ? event.ruleName() : rule.spec().name());
        return JAPANESE.equals(language) ? japanese(event, rule, ruleName) : english(event, rule, ruleName);
    }

    private AlertEmail japanese(AlertEvent event, Rule rule, String ruleName) {
        String transition = NotifiedTransitions.isReminder(event) ? "継続中（リマインダー）" : JA_TRANSITION.get(event.type());
        String subject = "[Fieldlink] " + JA_SEVERITY.get(event.severity()) + "アラート" + transition + ": " + ruleName
                + " (デバイス " + oneLine(event.deviceId()) + ")";
        Body body = new Body();
        body.line("ルール", ruleName + " (" + rule.ruleId() + ")");
        body.line("重要度", JA_SEVERITY.get(event.severity()));
        body.line("状態", transition);
        body.line("デバイス", event.deviceId());
        AlertTrigger trigger = event.trigger();
        if (trigger != null) {
            body.line("測定項目", trigger.measurement());
            body.line("値", number(trigger.value()));
            body.line("条件", trigger.condition());
            body.line("しきい値", number(trigger.threshold()));
            if (trigger.windowStart() != null && trigger.windowEnd() != null) {
                body.line("ウィンドウ", JA_TIME.format(trigger.windowStart()) + " 〜 " + JA_TIME.format(trigger.windowEnd())
                        + (trigger.aggregate() == null ? "" : " (" + trigger.aggregate() + ")"));
            }
        }
        body.line("日時", JA_TIME.format(event.occurredAt()));
        body.line("発生日時", JA_TIME.format(event.raisedAt()));
        if (event.acknowledgedBy() != null) {
            body.line("確認者", event.acknowledgedBy() + time(JA_TIME, event.acknowledgedAt(), " (", ")"));
        }
        body.line("理由", event.reason());
        body.blank();
        body.line("ダッシュボード（デバイス）", links.device(event).toString());
        body.line("ダッシュボード（アラート）", links.alert(event).toString());
        body.blank();
        body.text("このメールは Fieldlink のアラートルールにより自動送信されています。");
        return new AlertEmail(subject, body.toString());
    }

    private AlertEmail english(AlertEvent event, Rule rule, String ruleName) {
        String transition = NotifiedTransitions.isReminder(event) ? "still open (reminder)" : event.type().wireName();
        String severity = event.severity().name();
        String subject = "[Fieldlink] " + severity + " alert " + transition + ": " + ruleName
                + " (device " + oneLine(event.deviceId()) + ")";
        Body body = new Body();
        body.line("Rule", ruleName + " (" + rule.ruleId() + ")");
        body.line("Severity", severity);
        body.line("Status", transition);
        body.line("Device", event.deviceId());
        AlertTrigger trigger = event.trigger();
        if (trigger != null) {
            body.line("Measurement", trigger.measurement());
            body.line("Value", number(trigger.value()));
            body.line("Condition", trigger.condition());
            body.line("Threshold", number(trigger.threshold()));
            if (trigger.windowStart() != null && trigger.windowEnd() != null) {
                body.line("Window", EN_TIME.format(trigger.windowStart()) + " to " + EN_TIME.format(trigger.windowEnd())
                        + (trigger.aggregate() == null ? "" : " (" + trigger.aggregate() + ")"));
            }
        }
        body.line("Time", EN_TIME.format(event.occurredAt()));
        body.line("Raised at", EN_TIME.format(event.raisedAt()));
        if (event.acknowledgedBy() != null) {
            body.line("Acknowledged by", event.acknowledgedBy() + time(EN_TIME, event.acknowledgedAt(), " (", ")"));
        }
        body.line("Reason", event.reason());
        body.blank();
        body.line("Device in the dashboard", links.device(event).toString());
        body.line("Alert in the dashboard", links.alert(event).toString());
        body.blank();
        body.text("This email was sent automatically by a Fieldlink alert rule.");
        return new AlertEmail(subject, body.toString());
    }

    /** 36.2 rather than 36.200000000000003 or 3.62E1; whole numbers without ".0". */
    static String number(Double value) {
        if (value == null) {
            return null;
        }
        if (value.isNaN() || value.isInfinite()) {
            return value.toString();
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String time(DateTimeFormatter format, Instant instant, String before, String after) {
        return instant == null ? "" : before + format.format(instant) + after;
    }

    /** Names come from users: no line breaks (header injection) or other control characters in a subject. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    /** "Label: value" lines; lines without a value are left out. */
    private static final class Body {
        private final StringBuilder text = new StringBuilder();

        void line(String label, String value) {
            if (value != null && !value.isBlank()) {
                text.append(label).append(": ").append(oneLine(value)).append('\n');
            }
        }

        void text(String line) {
            text.append(line).append('\n');
        }

        void blank() {
            text.append('\n');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
