package io.fieldlink.rules.api;

import io.fieldlink.contracts.Severity;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class RuleValidatorTest {

    private static final RulesProperties.Limits LIMITS = RulesProperties.defaults().limits();
    /** Stands in for the notification side's policy: refuses one host so the wiring is visible. */
    private static final Function<URI, Optional<String>> REFUSE_INTERNAL = uri ->
            "internal.example".equals(uri.getHost()) ? Optional.of("must not point at a private address")
                    : Optional.empty();

    private final RuleValidator validator = new RuleValidator(LIMITS, REFUSE_INTERNAL);

    private static ThresholdCondition hot() {
        return new ThresholdCondition("temperature", ">", 35.0, null, Duration.ofMinutes(1));
    }

    private static RuleSpec spec(RuleCondition condition) {
        return new RuleSpec("Greenhouse too hot", null, null, Severity.MAJOR, null, condition, null, null, null);
    }

    private static RuleSpec withNotifications(RuleNotifications notifications) {
        return new RuleSpec("n", null, null, Severity.MINOR, null, hot(), null, notifications, null);
    }

    private static RuleSpec withActions(RuleActions actions) {
        return new RuleSpec("n", null, null, Severity.MINOR, null, hot(), null, null, actions);
    }

    private static RuleSpec withScope(RuleScope scope) {
        return new RuleSpec("n", null, null, Severity.MINOR, scope, hot(), null, null, null);
    }

    private List<String> violations(RuleSpec spec) {
        return validator.validate(spec).stream().map(RuleViolation::toString).toList();
    }

    @Test
    void aCompleteRuleIsValid() {
        RuleSpec spec = new RuleSpec("Greenhouse too hot", "Vent before the plants cook", false, Severity.MAJOR,
                new RuleScope(null, "greenhouse"),
                new AnyOfCondition(List.of(hot(),
                        new WindowCondition("temperature", "avg", Duration.ofMinutes(5), Duration.ofMinutes(1),
                                Duration.ofSeconds(30), "between", 30.0, 40.0),
                        new AllOfCondition(List.of(new NoDataCondition(null, Duration.ofSeconds(10)),
                                new StuckCondition("power", 0.0, Duration.ofMinutes(30)))))),
                new ThresholdCondition("temperature", "<", 30.0, null, Duration.ZERO),
                new RuleNotifications(new WebhookTarget("https://hooks.example.com/x", "0123456789abcdef"),
                        new EmailTarget(List.of("farmer@example.com", "ops@farm.example.jp"), "en"),
                        List.of("raised", "updated", "acknowledged", "cleared"), Duration.ofMinutes(1)),
                new RuleActions(new CommandAction("sprinkler", Map.of("state", "on"), Duration.ofMinutes(10)),
                        new CommandAction("sprinkler", Map.of("state", "off"), null), Duration.ZERO));

        assertThat(validator.validate(spec)).isEmpty();
    }

    @Test
    void nullBodyIsOneViolation() {
        assertThat(violations(null)).containsExactly(": a rule body is required");
    }

    @Test
    void nameSeverityAndConditionAreRequired() {
        assertThat(violations(new RuleSpec(null, null, null, null, null, null, null, null, null))).containsExactly(
                "name: must not be blank", "severity: is required (critical, major, minor, warning or info)",
                "condition: is required");
        assertThat(violations(new RuleSpec("  ", null, null, Severity.INFO, null, hot(), null, null, null)))
                .containsExactly("name: must not be blank");
    }

    @Test
    void nameIsAtMost100AndDescriptionAtMost1000Characters() {
        RuleSpec longest = new RuleSpec("n".repeat(100), "d".repeat(1000), null, Severity.INFO, null, hot(), null,
                null, null);
        RuleSpec tooLong = new RuleSpec("n".repeat(101), "d".repeat(1001), null, Severity.INFO, null, hot(), null,
                null, null);

        assertThat(violations(longest)).isEmpty();
        assertThat(violations(tooLong)).containsExactly("name: must be at most 100 characters",
                "description: must be at most 1000 characters");
    }

    @Test
    void scopeIsOneDeviceOrOneTagOrAll() {
        assertThat(violations(withScope(RuleScope.ALL_DEVICES))).isEmpty();
        assertThat(violations(withScope(new RuleScope("295000000000001", null)))).isEmpty();
        assertThat(violations(withScope(new RuleScope(null, "green-house_1")))).isEmpty();
        assertThat(violations(withScope(new RuleScope("dev-1", "greenhouse"))))
                .containsExactly("scope: set at most one of deviceId and tag");
        assertThat(violations(withScope(new RuleScope("dev 1", null)))).singleElement().asString()
                .startsWith("scope.deviceId: must be 1 to 128 characters");
        assertThat(violations(withScope(new RuleScope(null, "")))).singleElement().asString()
                .startsWith("scope.tag: must be 1 to 64 characters");
        assertThat(violations(withScope(new RuleScope(null, "t".repeat(65))))).singleElement().asString()
                .startsWith("scope.tag:");
    }

    @Test
    void thresholdLeafNeedsMeasurementOperatorAndFiniteValue() {
        assertThat(violations(spec(new ThresholdCondition(null, null, null, null, null)))).containsExactly(
                "condition.measurement: is required",
                "condition.operator: is required (>, >=, <, <=, ==, between or outside)",
                "condition.value: is required");
        assertThat(violations(spec(new ThresholdCondition(" ", "=>", Double.NaN, null, null)))).containsExactly(
                "condition.measurement: must not be blank",
                "condition.operator: must be one of >, >=, <, <=, ==, between, outside",
                "condition.value: must be a finite number");
        assertThat(violations(spec(new ThresholdCondition("m".repeat(129), ">", Double.POSITIVE_INFINITY, null, null))))
                .containsExactly("condition.measurement: must be at most 128 characters",
                        "condition.value: must be a finite number");
        assertThat(violations(spec(new ThresholdCondition("m".repeat(128), "==", -1.5, null, null)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {">", ">=", "<", "<=", "=="})
    void singleThresholdOperatorsRefuseAnUpperBound(String operator) {
        assertThat(violations(spec(new ThresholdCondition("t", operator, 1.0, null, null)))).isEmpty();
        assertThat(violations(spec(new ThresholdCondition("t", operator, 1.0, 2.0, null))))
                .containsExactly("condition.upper: is only allowed for between and outside");
    }

    @ParameterizedTest
    @ValueSource(strings = {"between", "outside"})
    void rangeOperatorsNeedAFiniteUpperAboveValue(String operator) {
        assertThat(violations(spec(new ThresholdCondition("t", operator, 1.0, 2.0, null)))).isEmpty();
        assertThat(violations(spec(new ThresholdCondition("t", operator, 1.0, null, null))))
                .containsExactly("condition.upper: is required for " + operator);
        assertThat(violations(spec(new ThresholdCondition("t", operator, 1.0, 1.0, null))))
                .containsExactly("condition.upper: must be greater than value for " + operator);
        assertThat(violations(spec(new ThresholdCondition("t", operator, 1.0, Double.NaN, null))))
                .containsExactly("condition.upper: must be a finite number");
    }

    @Test
    void forIsZeroToSevenDays() {
        assertThat(violations(spec(new ThresholdCondition("t", ">", 1.0, null, Duration.ofDays(7))))).isEmpty();
        assertThat(violations(spec(new ThresholdCondition("t", ">", 1.0, null, Duration.ofDays(7).plusSeconds(1)))))
                .containsExactly("condition.for: must be at most 7 days");
        assertThat(violations(spec(new ThresholdCondition("t", ">", 1.0, null, Duration.ofSeconds(-1)))))
                .containsExactly("condition.for: must not be negative");
    }

    @Test
    void windowNeedsAggregateAndASizeUpToOneDay() {
        assertThat(violations(spec(new WindowCondition("t", "median", null, null, null, ">", 1.0, null))))
                .containsExactly("condition.aggregate: must be one of avg, min, max, sum, count, rate",
                        "condition.size: is required");
        assertThat(violations(spec(new WindowCondition("t", null, Duration.ZERO, null, null, ">", 1.0, null))))
                .containsExactly("condition.aggregate: is required (avg, min, max, sum, count or rate)",
                        "condition.size: must be positive");
        assertThat(violations(spec(new WindowCondition("t", "rate", Duration.ofDays(1).plusMillis(1), null, null,
                ">", 1.0, null)))).containsExactly("condition.size: must be at most 1 day");
        for (String aggregate : List.of("avg", "min", "max", "sum", "count", "rate")) {
            assertThat(violations(spec(new WindowCondition("t", aggregate, Duration.ofDays(1), null, null, ">", 1.0,
                    null)))).as(aggregate).isEmpty();
        }
    }

    @Test
    void windowAdvanceAndGraceFitInsideTheSize() {
        Duration size = Duration.ofMinutes(5);
        assertThat(violations(spec(new WindowCondition("t", "avg", size, size, size, ">", 1.0, null)))).isEmpty();
        assertThat(violations(spec(new WindowCondition("t", "avg", size, Duration.ZERO, Duration.ZERO, ">", 1.0,
                null)))).containsExactly("condition.advance: must be positive");
        assertThat(violations(spec(new WindowCondition("t", "avg", size, size.plusSeconds(1),
                Duration.ofSeconds(-1), ">", 1.0, null))))
                .containsExactly("condition.advance: must not be longer than size", "condition.grace: must not be negative");
        assertThat(violations(spec(new WindowCondition("t", "avg", size, null, size.plusSeconds(1), ">", 1.0, null))))
                .containsExactly("condition.grace: must not be longer than size");
    }

    @Test
    void windowComparesLikeAThreshold() {
        assertThat(violations(spec(new WindowCondition(null, "avg", Duration.ofMinutes(1), null, null, "outside", 5.0,
                1.0)))).containsExactly("condition.measurement: is required",
                "condition.upper: must be greater than value for outside");
    }

    @Test
    void noDataNeedsAtLeastTenSecondsAndAnOptionalMeasurement() {
        assertThat(violations(spec(new NoDataCondition(null, Duration.ofSeconds(10))))).isEmpty();
        assertThat(violations(spec(new NoDataCondition("power", Duration.ofSeconds(9)))))
                .containsExactly("condition.for: must be at least 10 seconds");
        assertThat(violations(spec(new NoDataCondition("", null))))
                .containsExactly("condition.measurement: must not be blank", "condition.for: is required");
    }

    @Test
    void stuckNeedsAPositiveForAndAFiniteValue() {
        assertThat(violations(spec(new StuckCondition("power", null, Duration.ofMillis(1))))).isEmpty();
        assertThat(violations(spec(new StuckCondition("power", Double.NaN, Duration.ZERO))))
                .containsExactly("condition.value: must be a finite number", "condition.for: must be positive");
        assertThat(violations(spec(new StuckCondition(null, 0.0, null))))
                .containsExactly("condition.measurement: is required", "condition.for: is required");
    }

    @Test
    void combinationsNeedTwoConditionsAndNameTheBadOneByIndex() {
        assertThat(violations(spec(new AllOfCondition(List.of(hot())))))
                .containsExactly("condition.conditions: must hold at least 2 conditions");
        assertThat(violations(spec(new AnyOfCondition(null))))
                .containsExactly("condition.conditions: must hold at least 2 conditions");
        assertThat(violations(spec(new AllOfCondition(List.of(hot(),
                new WindowCondition("t", "avg", Duration.ZERO, null, null, ">", 1.0, null))))))
                .containsExactly("condition.conditions[1].size: must be positive");
    }

    @Test
    void nestingDeeperThanMaxDepthIsRefusedAtTheLevelThatIsTooDeep() {
        RuleCondition depth3 = new AllOfCondition(List.of(hot(),
                new AnyOfCondition(List.of(hot(), new AllOfCondition(List.of(hot(), hot()))))));
        RuleCondition depth4 = new AllOfCondition(List.of(hot(),
                new AnyOfCondition(List.of(hot(), new AllOfCondition(List.of(hot(),
                        new AnyOfCondition(List.of(hot(), hot()))))))));

        assertThat(violations(spec(depth3))).isEmpty();
        assertThat(violations(spec(depth4))).containsExactly(
                "condition.conditions[1].conditions[1].conditions[1]: allOf/anyOf nest deeper than 3 levels");
    }

    @Test
    void leavesOfConditionAndClearTogetherAreLimited() {
        RuleCondition eight = new AnyOfCondition(Collections.nCopies(8, hot()));
        RuleCondition nine = new AnyOfCondition(Collections.nCopies(9, hot()));
        RuleSpec sixteen = new RuleSpec("n", null, null, Severity.INFO, null, eight, eight, null, null);
        RuleSpec seventeen = new RuleSpec("n", null, null, Severity.INFO, null, nine, eight, null, null);

        assertThat(violations(sixteen)).isEmpty();
        assertThat(violations(seventeen)).containsExactly(
                "condition: condition and clear hold 17 leaf conditions; at most 16 are allowed");
        assertThat(violations(spec(new AllOfCondition(Collections.nCopies(17, hot())))))
                .containsExactly("condition.conditions: must hold at most 16 conditions",
                        "condition: condition and clear hold 17 leaf conditions; at most 16 are allowed");
    }

    @Test
    void limitsComeFromTheProperties() {
        var strict = new RuleValidator(new RulesProperties.Limits(null, 2, 1, null), uri -> Optional.empty());
        RuleCondition nested = new AllOfCondition(List.of(hot(), new AnyOfCondition(List.of(hot(), hot()))));

        assertThat(strict.validate(spec(nested))).extracting(RuleViolation::toString).containsExactly(
                "condition.conditions[1]: allOf/anyOf nest deeper than 1 levels",
                "condition: condition and clear hold 3 leaf conditions; at most 2 are allowed");
    }

    @Test
    void clearIsValidatedLikeTheCondition() {
        RuleSpec spec = new RuleSpec("n", null, null, Severity.INFO, null, hot(),
                new ThresholdCondition("temperature", "below", 30.0, null, null), null, null);
        assertThat(violations(spec)).containsExactly("clear.operator: must be one of >, >=, <, <=, ==, between, outside");
    }

    @Test
    void notificationsNeedATarget() {
        assertThat(violations(withNotifications(new RuleNotifications(null, null, null, null))))
                .containsExactly("notifications: needs a webhook or an email target");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "/relative/path", "https://", "mailto:a@example.com",
            "https://exa mple.com", "https://user:pw@example.com/x"})
    void webhookUrlMustBeAnAbsoluteHttpUrlWithAHost(String url) {
        assertThat(violations(withNotifications(new RuleNotifications(new WebhookTarget(url, "0123456789abcdef"), null,
                null, null)))).singleElement().asString().startsWith("notifications.webhook.url: must");
    }

    @Test
    void webhookUrlIsAskedOfTheAddressCheck() {
        List<URI> asked = new ArrayList<>();
        var validator = new RuleValidator(LIMITS, uri -> {
            asked.add(uri);
            return REFUSE_INTERNAL.apply(uri);
        });
        RuleSpec internal = withNotifications(new RuleNotifications(
                new WebhookTarget("http://internal.example:8080/hook", "0123456789abcdef"), null, null, null));

        assertThat(validator.validate(internal)).extracting(RuleViolation::toString)
                .containsExactly("notifications.webhook.url: must not point at a private address");
        assertThat(asked).containsExactly(URI.create("http://internal.example:8080/hook"));
    }

    @Test
    void webhookSecretIsRequiredWithAtLeast16CharactersAndNeverEchoed() {
        String shortSecret = "fifteen-chars!!";
        assertThat(violations(withNotifications(new RuleNotifications(
                new WebhookTarget("https://example.com", shortSecret), null, null, null))))
                .containsExactly("notifications.webhook.secret: must be at least 16 characters")
                .noneMatch(v -> v.contains(shortSecret));
        assertThat(violations(withNotifications(new RuleNotifications(
                new WebhookTarget(null, null), null, null, null))))
                .containsExactly("notifications.webhook.url: is required", "notifications.webhook.secret: is required");
    }

    @Test
    void emailNeedsOneToTenValidAddressesAndJaOrEn() {
        assertThat(violations(withNotifications(new RuleNotifications(null,
                new EmailTarget(List.of(), "ja"), null, null))))
                .containsExactly("notifications.email.to: must hold 1 to 10 addresses");
        List<String> eleven = Collections.nCopies(11, "a@example.com");
        assertThat(violations(withNotifications(new RuleNotifications(null, new EmailTarget(eleven, null), null,
                null)))).containsExactly("notifications.email.to: must hold at most 10 addresses");
        assertThat(violations(withNotifications(new RuleNotifications(null,
                new EmailTarget(List.of("ok@example.com", "not-an-address", "Farmer <f@example.com>",
                        "a@example.com\r\nBcc: x@example.com"), "de"), null, null)))).containsExactly(
                "notifications.email.to[1]: must be a valid email address",
                "notifications.email.to[2]: must be a valid email address",
                "notifications.email.to[3]: must be a valid email address",
                "notifications.email.language: must be ja or en");
    }

    @Test
    void onIsASubsetOfTheTransitionsAndRemindersAreAtLeastAMinute() {
        EmailTarget email = new EmailTarget(List.of("a@example.com"), null);
        assertThat(violations(withNotifications(new RuleNotifications(null, email, List.of("raised", "opened"),
                Duration.ofSeconds(59))))).containsExactly(
                "notifications.on[1]: must be one of raised, updated, acknowledged, cleared",
                "notifications.reminder: must be at least 1 minute");
        assertThat(violations(withNotifications(new RuleNotifications(null, email, List.of(), null)))).isEmpty();
    }

    @Test
    void commandActionsAreBounded() {
        Map<String, String> twentyOne = new HashMap<>();
        for (int i = 0; i < 21; i++) {
            twentyOne.put("p" + i, "v");
        }
        assertThat(violations(withActions(new RuleActions(
                new CommandAction(" ", twentyOne, Duration.ZERO),
                new CommandAction("c".repeat(65), Map.of("state", "x".repeat(1025)), Duration.ofSeconds(-1)),
                Duration.ofSeconds(-1))))).containsExactly(
                "actions.onRaise.name: must not be blank",
                "actions.onRaise.parameters: must hold at most 20 entries",
                "actions.onRaise.timeToLive: must be positive",
                "actions.onClear.name: must be at most 64 characters",
                "actions.onClear.parameters.state: must be at most 1024 characters",
                "actions.onClear.timeToLive: must be positive",
                "actions.cooldown: must not be negative");
        assertThat(violations(withActions(new RuleActions(null, null, null))))
                .containsExactly("actions: needs onRaise or onClear");
        assertThat(violations(withActions(new RuleActions(new CommandAction("c".repeat(64), null, null), null, null))))
                .isEmpty();
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        RuleSpec bad = new RuleSpec("", null, null, null, new RuleScope("a", "b"),
                new ThresholdCondition("t", ">", null, null, null), null,
                new RuleNotifications(new WebhookTarget("https://example.com", "short"), null, null, null),
                new RuleActions(new CommandAction("", null, null), null, null));

        assertThat(validator.validate(bad)).extracting(RuleViolation::field).containsExactly(
                "name", "severity", "scope", "condition.value", "notifications.webhook.secret", "actions.onRaise.name");
    }

    @org.junit.jupiter.api.Test
    void refusesMoreOverlappingWindowsThanTheEngineKeeps() {
        var spec = new io.fieldlink.rules.definition.RuleSpec("w", null, null, io.fieldlink.contracts.Severity.INFO, null,
                new io.fieldlink.rules.definition.WindowCondition("temperature", "avg", java.time.Duration.ofHours(1),
                        java.time.Duration.ofSeconds(30), null, ">", 30.0, null), null, null, null);
        org.assertj.core.api.Assertions.assertThat(validator.validate(spec).toString())
                .contains("condition.advance").contains("overlapping windows");
    }
}
