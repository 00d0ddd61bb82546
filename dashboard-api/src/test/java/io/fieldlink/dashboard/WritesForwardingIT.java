package io.fieldlink.dashboard;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes go to their owners over real HTTP: {@link RecordingUpstream} plays command-service and
 * rules-service and records what dashboard-api sent it; its answers, problems included, come back unchanged.
 */
class WritesForwardingIT extends DashboardITSupport {

    private static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void freshUpstream() {
        UPSTREAM.start();
        UPSTREAM.clear();
    }

    @Test
    void aCommandIsForwardedWithTheCallersKeyAndIdempotencyKeyAndTheAnswerComesBack() throws Exception {
        UPSTREAM.answer(202, Map.of("Content-Type", "application/json", "Location", "/v1/commands/c-42"),
                "{\"commandId\":\"c-42\",\"state\":\"requested\"}");

        HttpResponse<String> answer = post("/v1/devices/295000000000001/commands", WRITES_OPERATOR_KEY,
                Map.of("Idempotency-Key", "press-1", "Content-Type", "application/json"),
                "{\"name\":\"sprinkler\",\"parameters\":{\"state\":\"on\"}}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Location")).hasValue("/v1/commands/c-42");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo("{\"commandId\":\"c-42\",\"state\":\"requested\"}");
        RecordingUpstream.Received received = UPSTREAM.next();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1/devices/295000000000001/commands");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + WRITES_OPERATOR_KEY);
        assertThat(received.header("Idempotency-Key")).isEqualTo("press-1");
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.body()).isEqualTo("{\"name\":\"sprinkler\",\"parameters\":{\"state\":\"on\"}}");
    }

    @Test
    void anAcknowledgementIsForwardedToTheRulesPath() throws Exception {
        UPSTREAM.answer(202, Map.of("Content-Type", "application/json"), "{\"alertId\":\"a-7\",\"state\":\"open\"}");

        HttpResponse<String> answer = post("/v1/alerts/a-7/ack", WRITES_OPERATOR_KEY,
                Map.of("Content-Type", "application/json"), "{\"note\":\"checked the valve\"}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo("{\"alertId\":\"a-7\",\"state\":\"open\"}");
        RecordingUpstream.Received received = UPSTREAM.next();
        assertThat(received.path()).isEqualTo("/v1/alerts/a-7/ack");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + WRITES_OPERATOR_KEY);
        assertThat(received.header("Idempotency-Key")).isNull();
        assertThat(received.body()).isEqualTo("{\"note\":\"checked the valve\"}");
    }

    @Test
    void theOwnersProblemsArePassedThrough() {
        String notFound = "{\"type\":\"https://fieldlink.io/problems/alert-not-found\",\"status\":404,\"alertId\":\"a-x\"}";
        UPSTREAM.answer(404, Map.of("Content-Type", PROBLEM), notFound);
        HttpResponse<String> missing = post("/v1/alerts/a-x/ack", WRITES_OPERATOR_KEY, Map.of(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue(PROBLEM);
        assertThat(missing.body()).isEqualTo(notFound);

        String reused = "{\"type\":\"https://fieldlink.io/problems/idempotency-key-reused\",\"status\":409}";
        UPSTREAM.answer(409, Map.of("Content-Type", PROBLEM), reused);
        HttpResponse<String> conflict = post("/v1/devices/dev-1/commands", WRITES_OPERATOR_KEY,
                Map.of("Idempotency-Key", "k", "Content-Type", "application/json"), "{\"name\":\"reboot\"}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo(reused);

        UPSTREAM.answer(503, Map.of("Content-Type", PROBLEM, "Retry-After", "7"),
                "{\"type\":\"https://fieldlink.io/problems/journal-unavailable\",\"status\":503}");
        HttpResponse<String> busy = post("/v1/devices/dev-1/commands", WRITES_OPERATOR_KEY,
                Map.of("Content-Type", "application/json"), "{\"name\":\"reboot\"}");
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(busy.body()).contains("journal-unavailable");
    }

    @Test
    void aViewerCannotWriteAndNothingReachesTheOwner() throws Exception {
        HttpResponse<String> command = post("/v1/devices/dev-1/commands", WRITES_VIEWER_KEY,
                Map.of("Content-Type", "application/json"), "{\"name\":\"sprinkler\"}");
        HttpResponse<String> ack = post("/v1/alerts/a-1/ack", WRITES_VIEWER_KEY, Map.of(), null);

        for (HttpResponse<String> answer : java.util.List.of(command, ack)) {
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM));
            assertThat(JSON.readTree(answer.body()).path("type").asString())
                    .isEqualTo("https://fieldlink.io/problems/forbidden");
        }
        // a read with the same viewer key works
        assertThat(get("/v1/alerts", WRITES_VIEWER_KEY).status()).isEqualTo(200);
        // and the operator's next write is the first thing the owner sees
        UPSTREAM.answer(202, Map.of(), "");
        post("/v1/alerts/a-2/ack", WRITES_OPERATOR_KEY, Map.of(), null);
        assertThat(UPSTREAM.next().path()).isEqualTo("/v1/alerts/a-2/ack");
    }

    @Test
    void anUnreachableOwnerAnswers503UpstreamUnavailable() throws Exception {
        UPSTREAM.stop();
        try {
            for (String path : new String[] {"/v1/devices/dev-1/commands", "/v1/alerts/a-1/ack"}) {
                HttpResponse<String> answer = post(path, WRITES_OPERATOR_KEY, Map.of("Content-Type", "application/json"),
                        "{}");
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM));
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(JSON.readTree(answer.body()).path("type").asString())
                        .isEqualTo("https://fieldlink.io/problems/upstream-unavailable");
            }
        } finally {
            UPSTREAM.start();
        }
    }

    @Test
    void rulesAreReadAndWrittenAtRulesServiceWithTheCallersRevision() throws Exception {
        String list = "{\"rules\":[{\"ruleId\":\"farm-heat\",\"revision\":3}]}";
        UPSTREAM.answer(200, Map.of("Content-Type", "application/json"), list);
        HttpResponse<String> listed = send("GET", "/v1/rules", WRITES_VIEWER_KEY, Map.of(), null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo(list);
        RecordingUpstream.Received read = UPSTREAM.next();
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.path()).isEqualTo("/v1/rules");
        assertThat(read.header("Authorization")).isEqualTo("Bearer " + WRITES_VIEWER_KEY);

        UPSTREAM.answer(200, Map.of("Content-Type", "application/json", "ETag", "\"4\""), "{\"revision\":4}");
        HttpResponse<String> replaced = send("PUT", "/v1/rules/farm-heat", WRITES_ADMIN_KEY,
                Map.of("If-Match", "\"3\"", "Content-Type", "application/json"), "{\"enabled\":false}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("ETag")).hasValue("\"4\"");
        RecordingUpstream.Received written = UPSTREAM.next();
        assertThat(written.method()).isEqualTo("PUT");
        assertThat(written.path()).isEqualTo("/v1/rules/farm-heat");
        assertThat(written.header("If-Match")).isEqualTo("\"3\"");
        assertThat(written.body()).isEqualTo("{\"enabled\":false}");
    }

    @Test
    void onlyAnAdminWritesRules() throws Exception {
        for (String key : new String[] {WRITES_VIEWER_KEY, WRITES_OPERATOR_KEY}) {
            HttpResponse<String> refused = send("POST", "/v1/rules", key, Map.of("Content-Type", "application/json"),
                    "{}");
            assertThat(refused.statusCode()).isEqualTo(403);
        }
        UPSTREAM.answer(204, Map.of(), "");
        assertThat(send("DELETE", "/v1/rules/r-1", WRITES_ADMIN_KEY, Map.of(), null).statusCode()).isEqualTo(204);
        RecordingUpstream.Received deleted = UPSTREAM.next();
        assertThat(deleted.method()).isEqualTo("DELETE");
        assertThat(deleted.path()).isEqualTo("/v1/rules/r-1");
    }
}
