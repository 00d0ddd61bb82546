package io.fieldlink.dashboard.store;

import io.fieldlink.dashboard.DashboardProperties;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.DynamicTemplate;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.ExistsRequest;
import org.opensearch.client.opensearch.indices.PutIndexTemplateRequest;
import org.opensearch.client.opensearch.indices.PutMappingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composable index templates of the read model, installed (idempotently, overwriting an older
 * version) before the first write. Templates instead of explicit index creation, so a new month's
 * index or a recreated devices index gets the mapping when the first bulk creates it.
 * <p>
 * Both mappings are {@code dynamic: strict} at the top level: an unexpected field fails the write
 * (and the record goes to the dead-letter topic) instead of silently growing the mapping. Only below
 * {@code measurements} (every value a {@code double}) and {@code attributes} (every value a
 * {@code keyword}) are new fields accepted, through dynamic templates.
 */
public class IndexTemplates {

    private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);

    /**
     * Bumped whenever a mapping changes; stored as the templates' {@code version}. 2: the device profile fields
     * ({@link #profileProperties()}).
     */
    static final long VERSION = 2;

    private final OpenSearchClient client;
    private final IndexLayout layout;
    private final DashboardProperties.Index settings;
    private volatile boolean installed;

    public IndexTemplates(OpenSearchClient client, IndexLayout layout, DashboardProperties.Index settings) {
        this.client = client;
        this.layout = layout;
        this.settings = settings;
    }

    /** Installs both templates once per process; cheap after the first success. */
    public void ensureInstalled() throws IOException {
        if (installed) {
            return;
        }
        synchronized (this) {
            if (!installed) {
                client.indices().putIndexTemplate(telemetryTemplate());
                client.indices().putIndexTemplate(devicesTemplate());
                client.indices().putIndexTemplate(alertsTemplate());
                client.indices().putIndexTemplate(commandsTemplate());
                client.indices().putIndexTemplate(rollupTemplate());
                addProfileFieldsToExistingDevicesIndex();
                installed = true;
                log.info("Index templates {}, {}, {} and {} (version {}) installed", layout.telemetryTemplate(),
                        layout.devicesTemplate(), layout.alertsTemplate(), layout.commandsTemplate(), VERSION);
            }
        }
    }

    PutIndexTemplateRequest telemetryTemplate() {
        Map<String, Property> properties = new LinkedHashMap<>();
        properties.put(Fields.TENANT_ID, keyword());
        properties.put(Fields.DEVICE_ID, keyword());
        properties.put(Fields.MESSAGE_ID, keyword());
        properties.put(Fields.SOURCE_PROTOCOL, keyword());
        properties.put(Fields.EVENT_TIME, date());
        properties.put(Fields.RECEIVED_TIME, date());
        properties.put(Fields.IDENTITY, Property.of(p -> p.object(o -> o.dynamic(DynamicMapping.Strict)
                .properties("imsi", keyword()).properties("imei", keyword())
                .properties("msisdn", keyword()).properties("simId", keyword()))));
        properties.put(Fields.MEASUREMENTS, openObject());
        properties.put(Fields.ATTRIBUTES, openObject());
        return template(layout.telemetryTemplate(), layout.telemetryPattern(), properties);
    }

    PutIndexTemplateRequest devicesTemplate() {
        Map<String, Property> properties = new LinkedHashMap<>();
        properties.put(Fields.TENANT_ID, keyword());
        properties.put(Fields.DEVICE_ID, keyword());
        properties.put(Fields.LAST_SEEN, date());
        properties.put(Fields.LAST_SEEN_MICROS, Property.of(p -> p.long_(l -> l)));
        properties.put(Fields.LAST_MESSAGE_ID, keyword());
        properties.put(Fields.RECEIVED_TIME, date());
        properties.put(Fields.SOURCE_PROTOCOL, keyword());
        properties.put(Fields.MEASUREMENTS, openObject());
        properties.put(Fields.ATTRIBUTES, openObject());
        properties.putAll(profileProperties());
        return template(layout.devicesTemplate(), layout.devicesIndex(), properties);
    }

    /** The device document's fields that come from the registry's profile ({@code iot.devices.v1}). */
    static Map<String, Property> profileProperties() {
        Map<String, Property> properties = new LinkedHashMap<>();
        properties.put(Fields.TAGS, keyword());
        properties.put(Fields.GROUPS, keyword());
        properties.put(Fields.DISPLAY_NAME, longKeyword());
        properties.put(Fields.PROFILE_REVISION, Property.of(p -> p.long_(l -> l)));
        return properties;
    }

    /**
     * A template only applies when an index is created: a devices index made by version 1 would refuse the profile
     * fields (strict mapping). Adding fields to a mapping is allowed on a live index, and idempotent.
     */
    private void addProfileFieldsToExistingDevicesIndex() throws IOException {
        if (client.indices().exists(ExistsRequest.of(e -> e.index(layout.devicesIndex()))).value()) {
            client.indices().putMapping(PutMappingRequest.of(m -> m.index(layout.devicesIndex())
                    .properties(profileProperties())));
        }
    }

    /** One document per alert: the state after its newest event (see {@code AlertDocuments}). */
    PutIndexTemplateRequest alertsTemplate() {
        Map<String, Property> properties = new LinkedHashMap<>();
        properties.put(Fields.TENANT_ID, keyword());
        properties.put(Fields.DEVICE_ID, keyword());
        properties.put(Fields.ALERT_ID, keyword());
        properties.put(Fields.SEQUENCE, Property.of(p -> p.long_(l -> l)));
        properties.put(Fields.LAST_EVENT_TYPE, keyword());
        properties.put(Fields.STATUS, keyword());
        properties.put(Fields.RULE_ID, keyword());
        properties.put(Fields.RULE_NAME, longKeyword());
        properties.put(Fields.SEVERITY, keyword());
        properties.put(Fields.RAISED_AT, date());
        properties.put(Fields.OCCURRED_AT, date());
        properties.put(Fields.REASON, longKeyword());
        properties.put(Fields.ACKNOWLEDGED_BY, keyword());
        properties.put(Fields.ACKNOWLEDGED_AT, date());
        properties.put(Fields.CLEARED_AT, date());
        properties.put(Fields.TRIGGER, Property.of(p -> p.object(o -> o.dynamic(DynamicMapping.Strict)
                .properties("measurement", keyword())
                .properties("value", Property.of(v -> v.double_(d -> d)))
                .properties("condition", longKeyword())
                .properties("threshold", Property.of(v -> v.double_(d -> d)))
                .properties("aggregate", keyword())
                .properties("windowStart", date())
                .properties("windowEnd", date())
                .properties("eventTime", date())
                .properties("messageId", keyword())
                .properties("receivedTime", date()))));
        return template(layout.alertsTemplate(), layout.alertsIndex(), properties);
    }

    /**
     * One document per command: the state after its newest transition. Parameters and result are
     * free string maps that are shown, never searched: kept in the source only ({@code enabled: false}),
     * so any key (dots included) is accepted and the mapping does not grow.
     */
    PutIndexTemplateRequest commandsTemplate() {
        Map<String, Property> properties = new LinkedHashMap<>();
        properties.put(Fields.TENANT_ID, keyword());
        properties.put(Fields.DEVICE_ID, keyword());
        properties.put(Fields.COMMAND_ID, keyword());
        properties.put(Fields.SEQUENCE, Property.of(p -> p.long_(l -> l)));
        properties.put(Fields.NAME, keyword());
        properties.put(Fields.PARAMETERS, sourceOnlyObject());
        properties.put(Fields.TRANSPORT, keyword());
        properties.put(Fields.STATUS, keyword());
        properties.put(Fields.ATTEMPT, Property.of(p -> p.integer(i -> i)));
        properties.put(Fields.DETAIL, longKeyword());
        properties.put(Fields.RESULT, sourceOnlyObject());
        properties.put(Fields.REQUESTED_AT, date());
        properties.put(Fields.EXPIRES_AT, date());
        properties.put(Fields.OCCURRED_AT, date());
        properties.put(Fields.ORIGIN, keyword());
        return template(layout.commandsTemplate(), layout.commandsIndex(), properties);
    }

    /**
     * One small document per tenant, device, metric and hour: min, max, sum and count (avg = sum / count).
     * No measurements object: the metric is a keyword, so the mapping never grows with new metric names.
     */
    PutIndexTemplateRequest rollupTemplate() {
        Map<String, Property> properties = new LinkedHashMap<>();
        properties.put(Fields.TENANT_ID, keyword());
        properties.put(Fields.DEVICE_ID, keyword());
        properties.put(Fields.METRIC, keyword());
        properties.put(Fields.HOUR, date());
        properties.put(Fields.MIN, Property.of(p -> p.double_(d -> d)));
        properties.put(Fields.MAX, Property.of(p -> p.double_(d -> d)));
        properties.put(Fields.SUM, Property.of(p -> p.double_(d -> d)));
        properties.put(Fields.COUNT, Property.of(p -> p.long_(l -> l)));
        return template(layout.rollupTemplate(), layout.rollupPattern(), properties);
    }

    private PutIndexTemplateRequest template(String name, String pattern, Map<String, Property> properties) {
        TypeMapping mapping = TypeMapping.of(m -> m
                .dynamic(DynamicMapping.Strict)
                .dateDetection(false)
                .numericDetection(false)
                .dynamicTemplates(dynamicTemplates())
                .properties(properties));
        return PutIndexTemplateRequest.of(t -> t
                .name(name)
                .indexPatterns(pattern)
                .version(VERSION)
                .priority(100)
                .template(tm -> tm
                        .settings(s -> s
                                .numberOfShards(settings.shards())
                                .numberOfReplicas(settings.replicas()))
                        .mappings(mapping)));
    }

    /**
     * {@code measurements.*}: every number (JSON floating point or integer) as {@code double};
     * {@code attributes.*}: every string as {@code keyword}. Objects (a dotted name such as
     * {@code soil.temp} becomes {@code measurements.soil.temp}) get the default object mapping.
     */
    static List<Map<String, DynamicTemplate>> dynamicTemplates() {
        Property doubleValue = Property.of(p -> p.double_(d -> d));
        Property keywordValue = Property.of(p -> p.keyword(k -> k.ignoreAbove(1024)));
        return List.of(
                Map.of("measurements_double", DynamicTemplate.of(d -> d
                        .pathMatch(Fields.MEASUREMENTS + ".*").matchMappingType("double").mapping(doubleValue))),
                Map.of("measurements_long", DynamicTemplate.of(d -> d
                        .pathMatch(Fields.MEASUREMENTS + ".*").matchMappingType("long").mapping(doubleValue))),
                Map.of("attributes_string", DynamicTemplate.of(d -> d
                        .pathMatch(Fields.ATTRIBUTES + ".*").matchMappingType("string").mapping(keywordValue))));
    }

    private static Property keyword() {
        return Property.of(p -> p.keyword(k -> k));
    }

    private static Property date() {
        return Property.of(p -> p.date(d -> d.format("strict_date_optional_time||epoch_millis")));
    }

    /** Free text that is filtered on exactly at most: longer values are kept in the source, not indexed. */
    private static Property longKeyword() {
        return Property.of(p -> p.keyword(k -> k.ignoreAbove(1024)));
    }

    private static Property sourceOnlyObject() {
        return Property.of(p -> p.object(o -> o.enabled(false)));
    }

    /** An object below which new fields are accepted (and typed by {@link #dynamicTemplates()}). */
    private static Property openObject() {
        return Property.of(p -> p.object(o -> o.dynamic(DynamicMapping.True)));
    }
}
