package io.fieldlink.rules.notify;

import io.fieldlink.contracts.AlertEvent;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links into the dashboard ({@code fieldlink.rules.dashboard-url}) for notifications. */
final class DashboardLinks {

    private final String base;

    DashboardLinks(URI dashboardUrl) {
        String text = dashboardUrl.toString();
        this.base = text.endsWith("/") ? text : text + "/";
    }

    /** The device's page: {@code <dashboard-url>devices/{deviceId}}. */
    URI device(AlertEvent event) {
        return URI.create(base + "devices/" + segment(event.deviceId()));
    }

    /** The alert's page: {@code <dashboard-url>alerts/{alertId}}. */
    URI alert(AlertEvent event) {
        return URI.create(base + "alerts/" + segment(event.alertId()));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
