package io.fieldlink.rules.api;

import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleNotifications;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.rules.definition.WebhookTarget;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of the rules endpoints: real security, problem details, validation and write logic; the catalog
 * and the publisher are mocks backed by one map, so a publish shows in the catalog like on the real topic.
 */
@WebMvcTest(RulesController.class)
@RulesApiSlice
class RulesControllerTest {

    static final String SECRET = "s3cret-s3cret-s3cret";
    static final String VALID = """
            {"name": "Greenhouse too hot", "severity": "major", "scope": {"tag": "greenhouse"},
             "condition": {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 35, "for": "PT1M"},
             "notifications": {"webhook": {"url": "https://hooks.example.com/x", "secret": "%s"}}}""".formatted(SECRET);

    @Autowired
    MockMvc mvc;

    @Autowired
    RuleCatalog catalog;

    @Autowired
    RulePublisher publisher;

    /** The topic as the catalog sees it, by key. */
    final Map<String, Rule> topic = new ConcurrentHashMap<>();

    @BeforeEach
    void catalogShowsWhatWasPublished() {
        doAnswer(call -> topic.put(call.<Rule>getArgument(0).key(), call.getArgument(0))).when(publisher).put(any());
        doAnswer(call -> topic.remove(Rule.key(call.getArgument(0), call.getArgument(1))))
                .when(publisher).delete(anyString(), anyString());
        when(catalog.find(anyString(), anyString())).thenAnswer(call ->
                Optional.ofNullable(topic.get(Rule.key(call.getArgument(0), call.getArgument(1)))));
        when(catalog.list(anyString())).thenAnswer(call -> topic.values().stream()
                .filter(rule -> rule.tenantId().equals(call.getArgument(0)))
                .sorted(Comparator.comparing(Rule::ruleId)).toList());
        when(catalog.count(anyString())).thenAnswer(call -> catalog.list(call.getArgument(0)).size());
    }

    private Rule stored(String tenantId, String ruleId, long revision) {
        RuleSpec spec = new RuleSpec("stored " + ruleId, null, null, Severity.MINOR, null,
                new ThresholdCondition("humidity", "<", 20.0, null, null), null,
                new RuleNotifications(new WebhookTarget("https://hooks.example.com/old", SECRET), null, null, null),
                null);
        Rule rule = new Rule(tenantId, ruleId, revision, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"), spec);
        topic.put(rule.key(), rule);
        return rule;
    }

    private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + key);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return as(RulesApiSlice.KEY_A, request).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/rules", "POST,/v1/rules", "GET,/v1/rules/r1", "PUT,/v1/rules/r1", "DELETE,/v1/rules/r1"})
    void withoutAValidKeyEveryEndpointAnswers401AsProblem(String method, String url) throws Exception {
        mvc.perform(request(HttpMethod.valueOf(method), url).contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        mvc.perform(request(HttpMethod.valueOf(method), url).header("Authorization", "Bearer wrong")
                        .contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(catalog, publisher);
    }

    @Test
    void postCreatesARuleWithAServerIdAndNeverShowsTheSecret() throws Exception {
        MvcResult result = mvc.perform(json(post("/v1/rules"), VALID))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", matchesPattern("/v1/rules/[0-9a-f-]{36}")))
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.ruleId").isString())
                .andExpect(jsonPath("$.revision").value(1))
                .andExpect(jsonPath("$.createdAt").value("2026-11-27T12:00:00Z"))
                .andExpect(jsonPath("$.updatedAt").value("2026-11-27T12:00:00Z"))
                .andExpect(jsonPath("$.enabled").value(true))
                .andExpect(jsonPath("$.severity").value("major"))
                .andExpect(jsonPath("$.scope.tag").value("greenhouse"))
                .andExpect(jsonPath("$.condition.type").value("threshold"))
                .andExpect(jsonPath("$.condition.for").value("PT1M"))
                .andExpect(jsonPath("$.condition.upper").doesNotExist())
                .andExpect(jsonPath("$.notifications.webhook.url").value("https://hooks.example.com/x"))
                .andExpect(jsonPath("$.notifications.webhook.secretSet").value(true))
                .andReturn();

        assertThat(result.getResponse().getContentAsString()).doesNotContain(SECRET, "\"secret\"");
        ArgumentCaptor<Rule> published = ArgumentCaptor.forClass(Rule.class);
        verify(publisher).put(published.capture());
        Rule rule = published.getValue();
        assertThat(rule.tenantId()).isEqualTo("OP-A");
        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/v1/rules/" + rule.ruleId());
        assertThat(rule.spec().notifications().webhook().secret()).isEqualTo(SECRET);
        assertThat(rule.createdAt()).isEqualTo(RulesApiSlice.NOW);
    }

    @Test
    void anInvalidRuleIs400NamingEveryBadField() throws Exception {
        String body = """
                {"name": "", "severity": "major",
                 "condition": {"type": "allOf", "conditions": [
                   {"type": "threshold", "measurement": "t", "operator": ">", "value": 1},
                   {"type": "window", "measurement": "t", "aggregate": "avg", "size": "PT0S", "operator": ">", "value": 1}]},
                 "notifications": {"webhook": {"url": "http://internal.example/hook", "secret": "short"}}}""";

        mvc.perform(json(post("/v1/rules"), body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-rule"))
                .andExpect(jsonPath("$.violations", hasSize(4)))
                .andExpect(jsonPath("$.violations[0].field").value("name"))
                .andExpect(jsonPath("$.violations[1].field").value("condition.conditions[1].size"))
                .andExpect(jsonPath("$.violations[1].message").value("must be positive"))
                .andExpect(jsonPath("$.violations[2].field").value("notifications.webhook.url"))
                .andExpect(jsonPath("$.violations[2].message").value("must not point at a private address"))
                .andExpect(jsonPath("$.violations[3].field").value("notifications.webhook.secret"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("short"))));
        verify(publisher, never()).put(any());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": ",
            "{\"name\":\"n\",\"severity\":\"major\",\"condition\":{\"type\":\"median\",\"measurement\":\"t\"}}",
            "{\"name\":\"n\",\"severity\":\"extreme\",\"condition\":{\"type\":\"noData\",\"for\":\"PT1M\"}}",
            "{\"name\":\"n\",\"severity\":\"major\",\"condition\":{\"type\":\"anyOf\",\"conditions\":[{\"type\":\"noData\",\"for\":\"PT1M\"},null]}}",
            "[]"})
    void unreadableBodiesAre400(String body) throws Exception {
        mvc.perform(json(post("/v1/rules"), body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/malformed-request"));
        verify(publisher, never()).put(any());
    }

    @Test
    void aTenantAtItsRuleLimitGets409() throws Exception {
        stored("OP-A", "a1", 1);
        stored("OP-A", "a2", 1);
        stored("OP-A", "a3", 1);
        stored("OP-B", "b1", 1);

        mvc.perform(json(post("/v1/rules"), VALID))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/too-many-rules"))
                .andExpect(jsonPath("$.maxRules").value(3));
        mvc.perform(json(put("/v1/rules/a4"), VALID))
                .andExpect(status().isConflict());
        // replacing one of the three is no new rule
        mvc.perform(json(put("/v1/rules/a3"), VALID)).andExpect(status().isOk());
        // the limit is per tenant
        mvc.perform(as(RulesApiSlice.KEY_B, post("/v1/rules")).contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isCreated());
    }

    @Test
    void kafkaNotAcknowledgingIs503WithRetryAfter() throws Exception {
        doThrow(ApiProblems.writeUnavailable(5)).when(publisher).put(any());

        mvc.perform(json(post("/v1/rules"), VALID))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/write-unavailable"));
        stored("OP-A", "r1", 1);
        doThrow(ApiProblems.writeUnavailable(5)).when(publisher).delete(anyString(), anyString());
        mvc.perform(as(RulesApiSlice.KEY_A, delete("/v1/rules/r1")))
                .andExpect(status().isServiceUnavailable());
    }

    @Test
    void aWriteTheCatalogDoesNotShowInTimeStillSucceeds() throws Exception {
        doNothing().when(publisher).put(any());

        long started = System.nanoTime();
        mvc.perform(json(post("/v1/rules"), VALID)).andExpect(status().isCreated());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        verify(publisher).put(any());
    }

    @Test
    void listShowsOnlyTheCallersRulesByIdWithoutSecrets() throws Exception {
        stored("OP-A", "b-rule", 2);
        stored("OP-A", "a-rule", 1);
        stored("OP-B", "other", 1);

        MvcResult result = mvc.perform(as(RulesApiSlice.KEY_A, get("/v1/rules")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].ruleId").value("a-rule"))
                .andExpect(jsonPath("$.items[1].ruleId").value("b-rule"))
                .andExpect(jsonPath("$.items[1].revision").value(2))
                .andExpect(jsonPath("$.items[1].notifications.webhook.secretSet").value(true))
                .andReturn();
        assertThat(result.getResponse().getContentAsString()).doesNotContain(SECRET);
    }

    @Test
    void getShowsTheRuleWithItsRevisionAsETag() throws Exception {
        stored("OP-A", "r1", 7);

        mvc.perform(as(RulesApiSlice.KEY_A, get("/v1/rules/r1")))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"7\""))
                .andExpect(jsonPath("$.ruleId").value("r1"))
                .andExpect(jsonPath("$.name").value("stored r1"))
                .andExpect(jsonPath("$.createdAt").value("2026-11-01T00:00:00Z"));
    }

    @Test
    void anotherTenantsRuleIs404LikeAMissingOne() throws Exception {
        stored("OP-B", "theirs", 1);

        for (var request : new MockHttpServletRequestBuilder[]{get("/v1/rules/theirs"), delete("/v1/rules/theirs"),
                get("/v1/rules/missing")}) {
            mvc.perform(as(RulesApiSlice.KEY_A, request))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/rule-not-found"));
        }
        verify(publisher, never()).delete(anyString(), anyString());
        assertThat(topic).containsKey("OP-B/theirs");
    }

    @Test
    void putOfAnotherTenantsIdCreatesTheCallersOwnRule() throws Exception {
        stored("OP-B", "shared-name", 4);

        mvc.perform(json(put("/v1/rules/shared-name"), VALID))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.revision").value(1));
        assertThat(topic.get("OP-B/shared-name").revision()).isEqualTo(4);
        assertThat(topic.get("OP-A/shared-name").revision()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/rules/bad~id", "PUT,/v1/rules/bad~id", "DELETE,/v1/rules/bad~id",
            "GET,/v1/rules/x0123456789012345678901234567890123456789012345678901234567890123"})
    void aMalformedRuleIdIs400(String method, String url) throws Exception {
        mvc.perform(json(request(HttpMethod.valueOf(method), url), VALID))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                .andExpect(jsonPath("$.parameter").value("ruleId"));
        verifyNoInteractions(publisher);
    }

    @Test
    void putCreatesUnderTheClientsIdThenUpdatesKeepingCreatedAt() throws Exception {
        mvc.perform(json(put("/v1/rules/greenhouse.hot_1"), VALID))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/v1/rules/greenhouse.hot_1"))
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.ruleId").value("greenhouse.hot_1"))
                .andExpect(jsonPath("$.revision").value(1));
        Rule stored = stored("OP-A", "r1", 3);

        mvc.perform(json(put("/v1/rules/r1"), VALID.replace("Greenhouse too hot", "Renamed")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Location"))
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(jsonPath("$.revision").value(4))
                .andExpect(jsonPath("$.name").value("Renamed"))
                .andExpect(jsonPath("$.createdAt").value("2026-11-01T00:00:00Z"))
                .andExpect(jsonPath("$.updatedAt").value("2026-11-27T12:00:00Z"));
        assertThat(topic.get("OP-A/r1").createdAt()).isEqualTo(stored.createdAt());
    }

    @Test
    void disablingIsAPutWithEnabledFalse() throws Exception {
        stored("OP-A", "r1", 1);

        mvc.perform(json(put("/v1/rules/r1"), VALID.replace("\"name\"", "\"enabled\": false, \"name\"")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(false));
        assertThat(topic.get("OP-A/r1").enabled()).isFalse();
    }

    @Test
    void ifMatchMustNameTheCurrentRevision() throws Exception {
        stored("OP-A", "r1", 3);

        mvc.perform(json(put("/v1/rules/r1"), VALID).header("If-Match", "\"2\""))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/revision-mismatch"))
                .andExpect(jsonPath("$.currentRevision").value(3));
        mvc.perform(json(put("/v1/rules/r1"), VALID).header("If-Match", "W/\"3\""))
                .andExpect(status().isPreconditionFailed());
        mvc.perform(as(RulesApiSlice.KEY_A, delete("/v1/rules/r1")).header("If-Match", "\"1\""))
                .andExpect(status().isPreconditionFailed());
        // a rule that does not exist matches no tag, and not even *
        mvc.perform(json(put("/v1/rules/new"), VALID).header("If-Match", "*"))
                .andExpect(status().isPreconditionFailed());
        verify(publisher, never()).put(any());
        verify(publisher, never()).delete(anyString(), anyString());

        mvc.perform(json(put("/v1/rules/r1"), VALID).header("If-Match", "\"9\", \"3\""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""));
        mvc.perform(json(put("/v1/rules/r1"), VALID).header("If-Match", "*"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"5\""));
    }

    @Test
    void aWebhookWithoutSecretKeepsTheStoredSecretOnlyForTheSameUrl() throws Exception {
        stored("OP-A", "r1", 1);
        String sameUrl = VALID.replace("https://hooks.example.com/x", "https://hooks.example.com/old")
                .replace(", \"secret\": \"" + SECRET + "\"", "");
        String newUrl = VALID.replace(", \"secret\": \"" + SECRET + "\"", "");

        mvc.perform(json(put("/v1/rules/r1"), newUrl))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("notifications.webhook.secret"));
        mvc.perform(json(put("/v1/rules/r1"), sameUrl))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.notifications.webhook.secretSet").value(true));
        assertThat(topic.get("OP-A/r1").spec().notifications().webhook().secret()).isEqualTo(SECRET);
    }

    @Test
    void deleteRemovesTheRule() throws Exception {
        stored("OP-A", "r1", 2);

        mvc.perform(as(RulesApiSlice.KEY_A, delete("/v1/rules/r1")).header("If-Match", "\"2\""))
                .andExpect(status().isNoContent());
        verify(publisher).delete("OP-A", "r1");
        assertThat(topic).doesNotContainKey("OP-A/r1");
        mvc.perform(as(RulesApiSlice.KEY_A, delete("/v1/rules/r1")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/rule-not-found"));
    }
}
