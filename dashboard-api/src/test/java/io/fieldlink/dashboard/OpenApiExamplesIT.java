package io.fieldlink.dashboard;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's "OpenAPI 3.1 with examples", checked on the description the running application serves: every GET
 * operation's 200 answer has an {@code application/json} example, so an endpoint added without one fails here.
 * The SSE stream (text/event-stream, described in words) is the one exception; the page routes are hidden.
 */
class OpenApiExamplesIT extends DashboardITSupport {

    /** GET operations whose 200 answer is not JSON. */
    private static final Set<String> NOT_JSON = Set.of("/v1/stream");

    @Test
    void everyGetAnswerHasAJsonExample() {
        Response response = get("/v3/api-docs", DEVICES_A_KEY);
        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.body().get("paths");

        List<String> checked = new ArrayList<>();
        List<String> withoutExample = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            JsonNode get = path.getValue().get("get");
            if (get == null || NOT_JSON.contains(path.getKey())) {
                continue;
            }
            checked.add(path.getKey());
            JsonNode json = get.path("responses").path("200").path("content").path("application/json");
            boolean hasExample = json.has("example") || (json.has("examples") && !json.get("examples").isEmpty());
            if (!hasExample) {
                withoutExample.add(path.getKey());
            }
        }

        assertThat(withoutExample).as("GET operations whose 200 answer has no application/json example").isEmpty();
        // the check saw the API (not an empty or renamed description), and the page routes stay out of it
        assertThat(checked).contains("/v1/devices", "/v1/devices/{deviceId}/latest", "/v1/devices/{deviceId}/series",
                "/v1/series", "/v1/alerts", "/v1/alerts/{alertId}", "/v1/devices/{deviceId}/commands",
                "/v1/commands/{commandId}", "/v1/admin/api-keys", "/v1/me", "/v1/rules", "/v1/rules/{ruleId}");
        assertThat(paths.has("/devices/{deviceId}")).isFalse();
    }

    @Test
    void theExamplesAreJsonOfTheDocumentedShape() {
        JsonNode paths = get("/v3/api-docs", DEVICES_A_KEY).body().get("paths");
        JsonNode devices = example(paths, "/v1/devices");
        assertThat(devices.get("items").get(0).has("deviceId")).isTrue();
        assertThat(example(paths, "/v1/series").get("source").asString()).isIn("raw", "rollup");
        assertThat(example(paths, "/v1/commands/{commandId}").get("status").asString()).isEqualTo("sent");
    }

    @Test
    void theSeriesAnswerIsDescribedByItsRecordsDespiteItsOwnSerializer() {
        JsonNode schemas = get("/v3/api-docs", DEVICES_A_KEY).body().get("components").get("schemas");
        for (String property : List.of("source", "interval", "from", "to", "series")) {
            assertThat(schemas.get("SeriesSet").get("properties").has(property)).as(property).isTrue();
        }
        assertThat(schemas.get("SeriesSet").get("properties").get("series").get("items").get("$ref").asString())
                .endsWith("/SeriesSetItem");
        assertThat(schemas.get("SeriesSetItem").get("properties").get("points").get("items").get("$ref").asString())
                .endsWith("/SeriesPoint");
        assertThat(schemas.get("SeriesPoint").get("properties").has("t")).isTrue();
        assertThat(schemas.get("SeriesPoint").get("properties").has("value")).isTrue();
    }

    @Test
    void theSeriesParametersAreDocumentedThoughReadFromTheRequest() {
        JsonNode parameters = get("/v3/api-docs", DEVICES_A_KEY).body().get("paths").get("/v1/series").get("get")
                .get("parameters");
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            assertThat(parameter.get("in").asString()).isEqualTo("query");
            names.add(parameter.get("name").asString());
        }
        assertThat(names).containsExactlyInAnyOrder("deviceId", "metric", "agg", "from", "to", "interval");
        assertThat(parameters.get(0).get("required").asBoolean()).isTrue();
        assertThat(parameters.get(0).get("schema").get("type").asString()).isEqualTo("array");
    }

    /** The (first) example of a GET's 200 answer, parsed: springdoc serves an example as a string or as JSON. */
    private static JsonNode example(JsonNode paths, String path) {
        JsonNode json = paths.get(path).get("get").get("responses").get("200").get("content").get("application/json");
        JsonNode value = json.has("example") ? json.get("example")
                : json.get("examples").properties().iterator().next().getValue().get("value");
        return value.isString() ? JSON.readTree(value.asString()) : value;
    }
}
