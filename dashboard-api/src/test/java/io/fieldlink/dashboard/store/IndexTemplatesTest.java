package io.fieldlink.dashboard.store;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.indices.OpenSearchIndicesClient;
import org.mockito.ArgumentCaptor;
import org.opensearch.client.transport.endpoints.BooleanResponse;
import org.opensearch.client.opensearch.indices.ExistsRequest;
import org.opensearch.client.opensearch.indices.PutIndexTemplateRequest;
import org.opensearch.client.opensearch.indices.PutMappingRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class IndexTemplatesTest {

    private final IndexTemplates templates = new IndexTemplates(null, new IndexLayout("fieldlink", Granularity.MONTHLY),
            new DashboardProperties.Index(null, null, 2, 0));

    private static JsonNode json(PutIndexTemplateRequest request) {
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            request.serialize(generator, mapper);
        }
        return JsonMapper.builder().build().readTree(out.toString());
    }

    @Test
    void telemetryTemplateHasExplicitStrictMappings() {
        JsonNode body = json(templates.telemetryTemplate());

        assertThat(body.get("index_patterns").get(0).asString()).isEqualTo("fieldlink-telemetry-*");
        assertThat(body.get("version").asLong()).isEqualTo(IndexTemplates.VERSION);
        JsonNode settings = body.get("template").get("settings");
        assertThat(settings.get("number_of_shards").asString()).isEqualTo("2");
        assertThat(settings.get("number_of_replicas").asString()).isEqualTo("0");
        JsonNode mappings = body.get("template").get("mappings");
        assertThat(mappings.get("dynamic").asString()).isEqualTo("strict");
        JsonNode properties = mappings.get("properties");
        for (String keyword : new String[] {"tenantId", "deviceId", "messageId", "sourceProtocol"}) {
            assertThat(properties.get(keyword).get("type").asString()).as(keyword).isEqualTo("keyword");
        }
        assertThat(properties.get("eventTime").get("type").asString()).isEqualTo("date");
        assertThat(properties.get("receivedTime").get("type").asString()).isEqualTo("date");
        assertThat(properties.get("identity").get("dynamic").asString()).isEqualTo("strict");
        assertThat(properties.get("identity").get("properties").get("imsi").get("type").asString()).isEqualTo("keyword");
        assertThat(properties.get("measurements").get("dynamic").asString()).isEqualTo("true");
        assertThat(properties.get("attributes").get("dynamic").asString()).isEqualTo("true");
    }

    @Test
    void dynamicTemplatesTypeMeasurementsAsDoubleAndAttributesAsKeyword() {
        JsonNode dynamicTemplates = json(templates.telemetryTemplate()).get("template").get("mappings")
                .get("dynamic_templates");

        assertThat(dynamicTemplates).hasSize(3);
        JsonNode measurementsDouble = dynamicTemplates.get(0).get("measurements_double");
        assertThat(measurementsDouble.get("path_match").asString()).isEqualTo("measurements.*");
        assertThat(measurementsDouble.get("match_mapping_type").asString()).isEqualTo("double");
        assertThat(measurementsDouble.get("mapping").get("type").asString()).isEqualTo("double");
        JsonNode measurementsLong = dynamicTemplates.get(1).get("measurements_long");
        assertThat(measurementsLong.get("match_mapping_type").asString()).isEqualTo("long");
        assertThat(measurementsLong.get("mapping").get("type").asString()).isEqualTo("double");
        JsonNode attributes = dynamicTemplates.get(2).get("attributes_string");
        assertThat(attributes.get("path_match").asString()).isEqualTo("attributes.*");
        assertThat(attributes.get("mapping").get("type").asString()).isEqualTo("keyword");
    }

    @Test
    void devicesTemplate() {
        JsonNode body = json(templates.devicesTemplate());

        assertThat(body.get("index_patterns").get(0).asString()).isEqualTo("fieldlink-devices");
        JsonNode mappings = body.get("template").get("mappings");
        assertThat(mappings.get("dynamic").asString()).isEqualTo("strict");
        JsonNode properties = mappings.get("properties");
        assertThat(properties.get("lastSeen").get("type").asString()).isEqualTo("date");
        assertThat(properties.get("lastSeenMicros").get("type").asString()).isEqualTo("long");
        assertThat(properties.get("lastMessageId").get("type").asString()).isEqualTo("keyword");
        assertThat(properties.get("deviceId").get("type").asString()).isEqualTo("keyword");
        for (String keyword : new String[] {"tags", "groups", "displayName"}) {
            assertThat(properties.get(keyword).get("type").asString()).as(keyword).isEqualTo("keyword");
        }
        assertThat(properties.get("profileRevision").get("type").asString()).isEqualTo("long");
        assertThat(body.get("version").asLong()).isEqualTo(2);
        assertThat(mappings.get("dynamic_templates")).hasSize(3);
    }

    @Test
    void alertsTemplateIsStrictWithAStrictTrigger() {
        JsonNode body = json(templates.alertsTemplate());

        assertThat(body.get("index_patterns").get(0).asString()).isEqualTo("fieldlink-alerts");
        JsonNode mappings = body.get("template").get("mappings");
        assertThat(mappings.get("dynamic").asString()).isEqualTo("strict");
        JsonNode properties = mappings.get("properties");
        for (String keyword : new String[] {"tenantId", "deviceId", "alertId", "status", "severity", "ruleId"}) {
            assertThat(properties.get(keyword).get("type").asString()).as(keyword).isEqualTo("keyword");
        }
        assertThat(properties.get("sequence").get("type").asString()).isEqualTo("long");
        assertThat(properties.get("raisedAt").get("type").asString()).isEqualTo("date");
        assertThat(properties.get("trigger").get("dynamic").asString()).isEqualTo("strict");
        assertThat(properties.get("trigger").get("properties").get("value").get("type").asString()).isEqualTo("double");
    }

    @Test
    void commandsTemplateKeepsParametersAndResultInTheSourceOnly() {
        JsonNode body = json(templates.commandsTemplate());

        assertThat(body.get("index_patterns").get(0).asString()).isEqualTo("fieldlink-commands");
        JsonNode properties = body.get("template").get("mappings").get("properties");
        assertThat(properties.get("commandId").get("type").asString()).isEqualTo("keyword");
        assertThat(properties.get("requestedAt").get("type").asString()).isEqualTo("date");
        assertThat(properties.get("parameters").get("enabled").asBoolean()).isFalse();
        assertThat(properties.get("result").get("enabled").asBoolean()).isFalse();
    }

    @Test
    void rollupTemplateIsSmallAndStrict() {
        JsonNode body = json(templates.rollupTemplate());

        assertThat(body.get("index_patterns").get(0).asString()).isEqualTo("fieldlink-rollup-*");
        JsonNode mappings = body.get("template").get("mappings");
        assertThat(mappings.get("dynamic").asString()).isEqualTo("strict");
        JsonNode properties = mappings.get("properties");
        assertThat(properties.propertyNames()).containsExactly("tenantId", "deviceId", "metric", "hour", "min", "max",
                "sum", "count");
        assertThat(properties.get("metric").get("type").asString()).isEqualTo("keyword");
        assertThat(properties.get("hour").get("type").asString()).isEqualTo("date");
        assertThat(properties.get("sum").get("type").asString()).isEqualTo("double");
        assertThat(properties.get("count").get("type").asString()).isEqualTo("long");
    }

    @Test
    void installsOncePerProcess() throws Exception {
        OpenSearchClient client = mock(OpenSearchClient.class);
        OpenSearchIndicesClient indices = mock(OpenSearchIndicesClient.class);
        when(client.indices()).thenReturn(indices);
        when(indices.exists(any(ExistsRequest.class))).thenReturn(new BooleanResponse(false));
        IndexTemplates installer = new IndexTemplates(client, new IndexLayout("x", Granularity.DAILY),
                new DashboardProperties.Index(null, null, null, null));

        installer.ensureInstalled();
        installer.ensureInstalled();

        verify(indices, times(5)).putIndexTemplate(any(PutIndexTemplateRequest.class));
        verify(indices, never()).putMapping(any(PutMappingRequest.class));
    }

    @Test
    void aDevicesIndexOfAnOlderVersionGetsTheProfileFieldsAdded() throws Exception {
        OpenSearchClient client = mock(OpenSearchClient.class);
        OpenSearchIndicesClient indices = mock(OpenSearchIndicesClient.class);
        when(client.indices()).thenReturn(indices);
        when(indices.exists(any(ExistsRequest.class))).thenReturn(new BooleanResponse(true));
        IndexTemplates installer = new IndexTemplates(client, new IndexLayout("x", Granularity.DAILY),
                new DashboardProperties.Index(null, null, null, null));

        installer.ensureInstalled();

        ArgumentCaptor<PutMappingRequest> mapping = ArgumentCaptor.forClass(PutMappingRequest.class);
        verify(indices).putMapping(mapping.capture());
        assertThat(mapping.getValue().index()).containsExactly("x-devices");
        assertThat(mapping.getValue().properties()).containsOnlyKeys("tags", "groups", "displayName",
                "profileRevision");
    }
}
