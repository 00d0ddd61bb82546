package io.fieldlink.dashboard.store;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.indices.PutIndexTemplateRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops dashboards under {@code deploy/dashboards} (OpenSearch Dashboards saved objects, Grafana) query the
 * read model's indices directly, so they break silently when a field is renamed. This keeps them honest:
 * every index pattern they name is one of ours and every field they aggregate on is mapped, with a type
 * that aggregates (keyword, date, double; {@code measurements.*} by the dynamic template).
 */
class OpsDashboardsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DIR = Path.of("..", "deploy", "dashboards");
    private static final IndexLayout LAYOUT = new IndexLayout("fieldlink", Granularity.MONTHLY);
    private static final IndexTemplates TEMPLATES = new IndexTemplates(null, LAYOUT,
            new DashboardProperties.Index(null, null, 2, 0));

    /** index pattern -> field -> mapped type. */
    private static Map<String, Map<String, String>> mappedFields() {
        Map<String, Map<String, String>> byPattern = new HashMap<>();
        byPattern.put(LAYOUT.telemetryPattern(), fields(TEMPLATES.telemetryTemplate()));
        byPattern.put(LAYOUT.alertsIndex(), fields(TEMPLATES.alertsTemplate()));
        byPattern.put(LAYOUT.commandsIndex(), fields(TEMPLATES.commandsTemplate()));
        return byPattern;
    }

    private static Map<String, String> fields(PutIndexTemplateRequest request) {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            request.serialize(generator, mapper);
        }
        Map<String, String> types = new HashMap<>();
        JSON.readTree(out.toString()).at("/template/mappings/properties").properties()
                .forEach(e -> types.put(e.getKey(), e.getValue().path("type").asString("object")));
        return types;
    }

    private static void assertAggregatable(String pattern, String field) {
        Map<String, String> fields = mappedFields().get(pattern);
        assertThat(fields).as("index pattern %s is one of the read model's", pattern).isNotNull();
        if (field.startsWith(Fields.MEASUREMENTS + ".")) {
            return; // typed double by the telemetry template's dynamic template
        }
        assertThat(fields).as("field %s of %s", field, pattern).containsKey(field);
        assertThat(fields.get(field)).as("type of %s in %s", field, pattern).isIn("keyword", "date", "double", "long");
    }

    @Test
    void openSearchDashboardsObjectsUseMappedFieldsOfOurIndices() throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("opensearch-dashboards.ndjson"))) {
            JsonNode object = JSON.readTree(line);
            objects.add(object);
            byId.put(object.path("id").asString(), object);
        }
        int fieldsChecked = 0;
        for (JsonNode object : objects) {
            String type = object.path("type").asString();
            JsonNode attributes = object.path("attributes");
            switch (type) {
                case "index-pattern" -> {
                    String pattern = attributes.path("title").asString();
                    assertAggregatable(pattern, attributes.path("timeFieldName").asString());
                }
                case "visualization" -> {
                    String patternId = object.path("references").get(0).path("id").asString();
                    String pattern = byId.get(patternId).path("attributes").path("title").asString();
                    for (JsonNode agg : JSON.readTree(attributes.path("visState").asString()).path("aggs")) {
                        String field = agg.path("params").path("field").asString(null);
                        if (field != null) {
                            assertAggregatable(pattern, field);
                            fieldsChecked++;
                        }
                    }
                }
                case "dashboard" -> object.path("references").forEach(reference ->
                        assertThat(byId).as("panel %s", reference).containsKey(reference.path("id").asString()));
                default -> throw new AssertionError("unexpected saved object type " + type);
            }
        }
        assertThat(fieldsChecked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void grafanaPanelsUseMappedTelemetryFields() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(DIR.resolve("grafana-farm.json")));
        int fieldsChecked = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertAggregatable(LAYOUT.telemetryPattern(), target.path("timeField").asString());
                for (JsonNode part : List.of(target.path("metrics"), target.path("bucketAggs"))) {
                    for (JsonNode agg : part) {
                        String field = agg.path("field").asString(null);
                        if (field != null) {
                            assertAggregatable(LAYOUT.telemetryPattern(), field);
                            fieldsChecked++;
                        }
                    }
                }
                assertThat(target.path("query").asString()).contains(Fields.TENANT_ID + ":\"$tenant\"");
            }
        }
        assertThat(fieldsChecked).isGreaterThanOrEqualTo(6);
    }
}
