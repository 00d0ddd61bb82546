package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;

import java.net.URI;

/**
 * The JSON body of a webhook request: the alert event as on {@code iot.alerts.v1}, the rule's current name and links
 * into the dashboard.
 */
record WebhookPayload(AlertEvent event, String ruleName, Links links) {

    record Links(URI device, URI alert) {
    }
}
