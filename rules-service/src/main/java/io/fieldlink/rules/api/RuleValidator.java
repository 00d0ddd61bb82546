package io.fieldlink.rules.api;

import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.definition.AllOfCondition;
import io.fieldlink.rules.definition.AnyOfCondition;
import io.fieldlink.rules.definition.CommandAction;
import io.fieldlink.rules.definition.EmailTarget;
import io.fieldlink.rules.definition.NoDataCondition;
import io.fieldlink.rules.definition.RuleActions;
import io.fieldlink.rules.definition.RuleCondition;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.RuleScope;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.StuckCondition;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WebhookTarget;
import io.fieldlink.rules.definition.WindowCondition;
import io.fieldlink.rules.evaluation.Comparison;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a {@link RuleSpec} as a user wrote it and names every bad field by its JSON path, so a client can
 * point at it. Plain Java: the limits come from {@code fieldlink.rules.limits}, and whether a webhook host may
 * be called is asked of the webhook address check (private, loopback and link-local hosts are refused there).
 */
public final class RuleValidator {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1_000;
    static final int MAX_MEASUREMENT = 128;
    static final int MAX_COMMAND_NAME = 64;
    static final int MAX_PARAMETERS = 20;
    static final int MAX_PARAMETER_KEY = 64;
    static final int MAX_PARAMETER_VALUE = 1_024;
    static final int MAX_RECIPIENTS = 10;
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    static final int MAX_URL = 2_048;
    static final Duration MAX_FOR = Duration.ofDays(7);
    static final Duration MAX_WINDOW = Duration.ofDays(1);
    static final Duration MIN_NO_DATA = Duration.ofSeconds(10);
    static final Duration MIN_REMINDER = Duration.ofMinutes(1);
    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Set<String> AGGREGATES = Set.of("avg", "min", "max", "sum", "count", "rate");
    static final Set<String> TRANSITIONS = Set.of("raised", "updated", "acknowledged", "cleared");
    static final Set<String> LANGUAGES = Set.of("ja", "en");

    private final RulesProperties.Limits limits;
    /** Overlapping hopping windows a reading may fall into; the engine's open-window bound per leaf and device. */
    static final int MAX_OVERLAPPING_WINDOWS = io.fieldlink.rules.evaluation.RuleEngine.DEFAULT_MAX_OPEN_WINDOWS;

    private final Function<URI, Optional<String>> webhookAddressCheck;

    /**
     * @param limits              nesting depth and leaf count limits
     * @param webhookAddressCheck refusal reason for a webhook URL whose host must not be called, else empty
     */
    public RuleValidator(RulesProperties.Limits limits, Function<URI, Optional<String>> webhookAddressCheck) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.webhookAddressCheck = Objects.requireNonNull(webhookAddressCheck, "webhookAddressCheck");
    }

    /** Every violation of the spec, in field order; empty when the rule is valid. */
    public List<RuleViolation> validate(RuleSpec spec) {
        Violations out = new Violations();
        if (spec == null) {
            out.add("", "a rule body is required");
            return out.list;
        }
        name(spec.name(), out);
        if (spec.description() != null && spec.description().length() > MAX_DESCRIPTION) {
            out.add("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (spec.severity() == null) {
            out.add("severity", "is required (critical, major, minor, warning or info)");
        }
        scope(spec.scope(), out);
        if (spec.condition() == null) {
            out.add("condition", "is required");
        } else {
            condition(spec.condition(), "condition", 0, out);
        }
        if (spec.clear() != null) {
            condition(spec.clear(), "clear", 0, out);
        }
        int leaves = leaves(spec.condition()) + leaves(spec.clear());
        if (leaves > limits.maxConditions()) {
            out.add("condition", "condition and clear hold " + leaves + " leaf conditions; at most "
                    + limits.maxConditions() + " are allowed");
        }
        if (spec.notifications() != null) {
            notifications(spec.notifications(), out);
        }
        if (spec.actions() != null) {
            actions(spec.actions(), out);
        }
        return out.list;
    }

    private static void name(String name, Violations out) {
        if (name == null || name.isBlank()) {
            out.add("name", "must not be blank");
        } else if (name.length() > MAX_NAME) {
            out.add("name", "must be at most " + MAX_NAME + " characters");
        }
    }

    private static void scope(RuleScope scope, Violations out) {
        if (scope == null) {
            return;
        }
        if (scope.deviceId() != null && scope.tag() != null) {
            out.add("scope", "set at most one of deviceId and tag");
        }
        if (scope.deviceId() != null && !DEVICE_ID.matcher(scope.deviceId()).matches()) {
            out.add("scope.deviceId", "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        if (scope.tag() != null && !TAG.matcher(scope.tag()).matches()) {
            out.add("scope.tag", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
    }

    private void condition(RuleCondition condition, String path, int depth, Violations out) {
        switch (condition) {
            case ThresholdCondition threshold -> {
                measurement(threshold.measurement(), path, true, out);
                comparison(threshold.operator(), threshold.value(), threshold.upper(), path, out);
                if (threshold.forDuration() != null) {
                    atLeast(threshold.forDuration(), Duration.ZERO, path + ".for", out);
                    atMost(threshold.forDuration(), MAX_FOR, "7 days", path + ".for", out);
                }
            }
            case WindowCondition window -> window(window, path, out);
            case NoDataCondition noData -> {
                measurement(noData.measurement(), path, false, out);
                if (noData.forDuration() == null) {
                    out.add(path + ".for", "is required");
                } else {
                    if (noData.forDuration().compareTo(MIN_NO_DATA) < 0) {
                        out.add(path + ".for", "must be at least 10 seconds");
                    }
                    atMost(noData.forDuration(), MAX_FOR, "7 days", path + ".for", out);
                }
            }
            case StuckCondition stuck -> {
                measurement(stuck.measurement(), path, true, out);
                if (stuck.value() != null && !Double.isFinite(stuck.value())) {
                    out.add(path + ".value", "must be a finite number");
                }
                if (stuck.forDuration() == null) {
                    out.add(path + ".for", "is required");
                } else {
                    positive(stuck.forDuration(), path + ".for", out);
                    atMost(stuck.forDuration(), MAX_FOR, "7 days", path + ".for", out);
                }
            }
            case AllOfCondition all -> combination(all.conditions(), path, depth + 1, out);
            case AnyOfCondition any -> combination(any.conditions(), path, depth + 1, out);
        }
    }

    private void combination(List<RuleCondition> conditions, String path, int depth, Violations out) {
        if (depth > limits.maxDepth()) {
            // deeper levels are not checked: the rule is refused anyway and a hostile body could be very deep
            out.add(path, "allOf/anyOf nest deeper than " + limits.maxDepth() + " levels");
            return;
        }
        if (conditions == null || conditions.size() < 2) {
            out.add(path + ".conditions", "must hold at least 2 conditions");
            if (conditions == null) {
                return;
            }
        } else if (conditions.size() > limits.maxConditions()) {
            out.add(path + ".conditions", "must hold at most " + limits.maxConditions() + " conditions");
            return;
        }
        // no null items to check: the records copy with List.copyOf, so JSON [x, null] is refused as malformed
        for (int i = 0; i < conditions.size(); i++) {
            condition(conditions.get(i), path + ".conditions[" + i + "]", depth, out);
        }
    }

    private static void window(WindowCondition window, String path, Violations out) {
        measurement(window.measurement(), path, true, out);
        if (window.aggregate() == null) {
            out.add(path + ".aggregate", "is required (avg, min, max, sum, count or rate)");
        } else if (!AGGREGATES.contains(window.aggregate())) {
            out.add(path + ".aggregate", "must be one of avg, min, max, sum, count, rate");
        }
        Duration size = window.size();
        if (size == null) {
            out.add(path + ".size", "is required");
        } else {
            positive(size, path + ".size", out);
            atMost(size, MAX_WINDOW, "1 day", path + ".size", out);
        }
        boolean sizeUsable = size != null && size.isPositive();
        if (window.advance() != null) {
            positive(window.advance(), path + ".advance", out);
            if (sizeUsable && window.advance().compareTo(size) > 0) {
                out.add(path + ".advance", "must not be longer than size");
            } else if (sizeUsable && window.advance().isPositive()
                    && size.toMillis() / Math.max(1, window.advance().toMillis()) > MAX_OVERLAPPING_WINDOWS) {
                // the engine keeps at most this many open windows per device and leaf
                out.add(path + ".advance", "must be at least size / " + MAX_OVERLAPPING_WINDOWS
                        + " (at most " + MAX_OVERLAPPING_WINDOWS + " overlapping windows)");
            }
        }
        if (window.grace() != null) {
            atLeast(window.grace(), Duration.ZERO, path + ".grace", out);
            if (sizeUsable && window.grace().compareTo(size) > 0) {
                out.add(path + ".grace", "must not be longer than size");
            }
        }
        comparison(window.operator(), window.value(), window.upper(), path, out);
    }

    private static void measurement(String measurement, String path, boolean required, Violations out) {
        if (measurement == null) {
            if (required) {
                out.add(path + ".measurement", "is required");
            }
        } else if (measurement.isBlank()) {
            out.add(path + ".measurement", "must not be blank");
        } else if (measurement.length() > MAX_MEASUREMENT) {
            out.add(path + ".measurement", "must be at most " + MAX_MEASUREMENT + " characters");
        }
    }

    private static void comparison(String operator, Double value, Double upper, String path, Violations out) {
        Optional<Comparison> comparison = Optional.ofNullable(operator).flatMap(Comparison::fromSymbol);
        if (comparison.isEmpty()) {
            out.add(path + ".operator", operator == null
                    ? "is required (>, >=, <, <=, ==, between or outside)"
                    : "must be one of >, >=, <, <=, ==, between, outside");
        }
        if (value == null) {
            out.add(path + ".value", "is required");
        } else if (!Double.isFinite(value)) {
            out.add(path + ".value", "must be a finite number");
        }
        if (comparison.isEmpty()) {
            return;
        }
        if (comparison.get().ranged()) {
            if (upper == null) {
                out.add(path + ".upper", "is required for " + operator);
            } else if (!Double.isFinite(upper)) {
                out.add(path + ".upper", "must be a finite number");
            } else if (value != null && Double.isFinite(value) && upper <= value) {
                out.add(path + ".upper", "must be greater than value for " + operator);
            }
        } else if (upper != null) {
            out.add(path + ".upper", "is only allowed for between and outside");
        }
    }

    private void notifications(RuleNotifications notifications, Violations out) {
        if (notifications.webhook() == null && notifications.email() == null) {
            out.add("notifications", "needs a webhook or an email target");
        }
        if (notifications.webhook() != null) {
            webhook(notifications.webhook(), out);
        }
        if (notifications.email() != null) {
            email(notifications.email(), out);
        }
        List<String> on = notifications.on();
        if (on != null) {
            for (int i = 0; i < on.size(); i++) {
                if (on.get(i) == null || !TRANSITIONS.contains(on.get(i))) {
                    out.add("notifications.on[" + i + "]", "must be one of raised, updated, acknowledged, cleared");
                }
            }
        }
        if (notifications.reminder() != null && notifications.reminder().compareTo(MIN_REMINDER) < 0) {
            out.add("notifications.reminder", "must be at least 1 minute");
        }
    }

    private void webhook(WebhookTarget webhook, Violations out) {
        String url = webhook.url();
        if (url == null || url.isBlank()) {
            out.add("notifications.webhook.url", "is required");
        } else if (url.length() > MAX_URL) {
            out.add("notifications.webhook.url", "must be at most " + MAX_URL + " characters");
        } else {
            webhookUrl(url, out);
        }
        String secret = webhook.secret();
        if (secret == null || secret.isEmpty()) {
            out.add("notifications.webhook.secret", "is required");
        } else if (secret.length() < MIN_SECRET) {
            // never echo the secret: only its required length
            out.add("notifications.webhook.secret", "must be at least " + MIN_SECRET + " characters");
        } else if (secret.length() > MAX_SECRET) {
            out.add("notifications.webhook.secret", "must be at most " + MAX_SECRET + " characters");
        }
    }

    private void webhookUrl(String url, Violations out) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            out.add("notifications.webhook.url", "must be a valid absolute http or https URL");
            return;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
            out.add("notifications.webhook.url", "must be an absolute http or https URL");
        } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
            out.add("notifications.webhook.url", "must name a host");
        } else if (uri.getRawUserInfo() != null) {
            // credentials in the URL would end up in logs and in the rule's view
            out.add("notifications.webhook.url", "must not contain user information");
        } else {
            webhookAddressCheck.apply(uri).ifPresent(reason -> out.add("notifications.webhook.url", reason));
        }
    }

    private static void email(EmailTarget email, Violations out) {
        List<String> to = email.to();
        if (to == null || to.isEmpty()) {
            out.add("notifications.email.to", "must hold 1 to " + MAX_RECIPIENTS + " addresses");
        } else if (to.size() > MAX_RECIPIENTS) {
            out.add("notifications.email.to", "must hold at most " + MAX_RECIPIENTS + " addresses");
        } else {
            for (int i = 0; i < to.size(); i++) {
                if (!isMailAddress(to.get(i))) {
                    out.add("notifications.email.to[" + i + "]", "must be a valid email address");
                }
            }
        }
        if (email.language() != null && !LANGUAGES.contains(email.language())) {
            out.add("notifications.email.language", "must be ja or en");
        }
    }

    /** A bare address (no display name, no group), as RFC 822 parses it strictly. */
    static boolean isMailAddress(String text) {
        if (text == null || text.isBlank() || text.length() > 254 || !text.contains("@")) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(text, true);
            return text.equals(address.getAddress()) && address.getPersonal() == null && !address.isGroup();
        } catch (AddressException e) {
            return false;
        }
    }

    private static void actions(RuleActions actions, Violations out) {
        if (actions.onRaise() == null && actions.onClear() == null) {
            out.add("actions", "needs onRaise or onClear");
        }
        if (actions.onRaise() != null) {
            command(actions.onRaise(), "actions.onRaise", out);
        }
        if (actions.onClear() != null) {
            command(actions.onClear(), "actions.onClear", out);
        }
        if (actions.cooldown() != null) {
            atLeast(actions.cooldown(), Duration.ZERO, "actions.cooldown", out);
        }
    }

    private static void command(CommandAction command, String path, Violations out) {
        if (command.name() == null || command.name().isBlank()) {
            out.add(path + ".name", "must not be blank");
        } else if (command.name().length() > MAX_COMMAND_NAME) {
            out.add(path + ".name", "must be at most " + MAX_COMMAND_NAME + " characters");
        }
        Map<String, String> parameters = command.parameters();
        if (parameters.size() > MAX_PARAMETERS) {
            out.add(path + ".parameters", "must hold at most " + MAX_PARAMETERS + " entries");
        } else {
            parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
                if (entry.getKey().isBlank() || entry.getKey().length() > MAX_PARAMETER_KEY) {
                    out.add(path + ".parameters", "names must be 1 to " + MAX_PARAMETER_KEY + " characters");
                } else if (entry.getValue().length() > MAX_PARAMETER_VALUE) {
                    out.add(path + ".parameters." + entry.getKey(),
                            "must be at most " + MAX_PARAMETER_VALUE + " characters");
                }
            });
        }
        if (command.timeToLive() != null) {
            positive(command.timeToLive(), path + ".timeToLive", out);
        }
    }

    private static void positive(Duration duration, String path, Violations out) {
        if (!duration.isPositive()) {
            out.add(path, "must be positive");
        }
    }

    private static void atLeast(Duration duration, Duration min, String path, Violations out) {
        if (duration.compareTo(min) < 0) {
            out.add(path, min.isZero() ? "must not be negative" : "must be at least " + min);
        }
    }

    private static void atMost(Duration duration, Duration max, String words, String path, Violations out) {
        if (duration.compareTo(max) > 0) {
            out.add(path, "must be at most " + words);
        }
    }

    /** Leaf conditions of a tree (allOf/anyOf count their children, not themselves). */
    static int leaves(RuleCondition condition) {
        return switch (condition) {
            case null -> 0;
            case AllOfCondition all -> all.conditions() == null ? 0
                    : all.conditions().stream().mapToInt(RuleValidator::leaves).sum();
            case AnyOfCondition any -> any.conditions() == null ? 0
                    : any.conditions().stream().mapToInt(RuleValidator::leaves).sum();
            default -> 1;
        };
    }

    private static final class Violations {
        private final List<RuleViolation> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new RuleViolation(field, message));
        }
    }
}
