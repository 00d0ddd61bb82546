package io.fieldlink.rules.definition;

import java.time.Duration;
import java.util.List;

/**
 * How a rule tells people. One notification per alert transition; {@code reminder} repeats an open,
 * unacknowledged alert at that interval.
 *
 * @param webhook  webhook target, or null
 * @param email    email target, or null
 * @param on       transitions that notify: {@code raised}, {@code updated}, {@code acknowledged}, {@code cleared};
 *                 null means raised and cleared (reminders are {@code updated} events and always notify)
 * @param reminder reminder interval for open, unacknowledged alerts; null means none
 */
public record RuleNotifications(WebhookTarget webhook, EmailTarget email, List<String> on, Duration reminder) {

    public RuleNotifications {
        on = on == null ? null : List.copyOf(on);
    }
}
