package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.rules.definition.RuleNotifications;

import java.util.List;
import java.util.Locale;

/**
 * Which alert events a rule notifies about. One notification per transition (the Streams app publishes one event
 * per transition), so storms are prevented upstream; reminders come as {@code updated} events with reason
 * {@code reminder} at the rule's reminder interval.
 */
final class NotifiedTransitions {

    static final String REMINDER = "reminder";

    /** Notified when the rule does not list transitions in {@code on}. */
    private static final List<AlertEventType> DEFAULT = List.of(AlertEventType.RAISED, AlertEventType.CLEARED);

    private NotifiedTransitions() {
    }

    static boolean notifies(RuleNotifications notifications, AlertEvent event) {
        if (notifications == null) {
            return false;
        }
        if (isReminder(event)) {
            // a reminder exists only because the rule asked for one; a rule without a reminder (any more) is quiet
            return notifications.reminder() != null;
        }
        if (notifications.on() == null) {
            return DEFAULT.contains(event.type());
        }
        return notifications.on().stream()
                .anyMatch(name -> name != null && name.trim().toLowerCase(Locale.ROOT).equals(event.type().wireName()));
    }

    static boolean isReminder(AlertEvent event) {
        return event.type() == AlertEventType.UPDATED && REMINDER.equals(event.reason());
    }
}
