package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;
import tools.jackson.core.JsonGenerator;

import java.time.Instant;
import java.util.List;

/**
 * The searches of a {@code GET /v1/series} {@code _msearch}, written straight onto a JSON generator: the raw search
 * (tenant term, device terms, event-time range; terms on the device > date histogram > {@code stats} per metric as
 * {@code s<m>}, {@code percentiles} as {@code p<m>} when asked) and the rollup search (tenant, device and metric
 * terms, hour range; terms on the device > terms on the metric > date histogram > min, max, sum, count). The same
 * JSON opensearch-java's typed builders wrote (tested against them), without building and serializing a tree of
 * builder objects per request (~5 % of dashboard-api's CPU and ~9 % of its allocations per one-device query, JFR).
 */
final class SeriesSearches {

    static final String DEVICES = "devices";
    static final String METRICS = "metrics";
    static final String BUCKETS = "buckets";

    private SeriesSearches() {
    }

    /** Raw readings of {@code [from, query.to())}. */
    static MultiSearch.Search raw(IndexLayout layout, String tenantId, MultiSeriesQuery query, Instant from) {
        List<Double> percents = query.aggs().stream().filter(Aggregation::isPercentile).map(Aggregation::percent)
                .toList();
        return new MultiSearch.Search(layout.telemetryPattern(), json -> {
            json.writeStartObject();
            json.writeNumberProperty("size", 0);
            filters(json, tenantId, query.deviceIds(), null, Fields.EVENT_TIME, from, query.to());
            json.writeObjectPropertyStart("aggregations");
            devicesStart(json, query.deviceIds().size());
            json.writeObjectPropertyStart(BUCKETS);
            histogram(json, Fields.EVENT_TIME, query.interval());
            json.writeObjectPropertyStart("aggregations");
            for (int m = 0; m < query.metrics().size(); m++) {
                String field = Fields.MEASUREMENTS + "." + query.metrics().get(m);
                json.writeObjectPropertyStart("s" + m);
                json.writeObjectPropertyStart("stats");
                json.writeStringProperty("field", field);
                json.writeEndObject();
                json.writeEndObject();
                if (!percents.isEmpty()) {
                    json.writeObjectPropertyStart("p" + m);
                    json.writeObjectPropertyStart("percentiles");
                    json.writeStringProperty("field", field);
                    json.writeBooleanProperty("keyed", false);
                    json.writeArrayPropertyStart("percents");
                    for (double percent : percents) {
                        json.writeNumber(percent);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                    json.writeEndObject();
                }
            }
            json.writeEndObject(); // aggregations of the histogram
            json.writeEndObject(); // buckets
            devicesEnd(json);
            json.writeEndObject(); // aggregations
            json.writeEndObject();
        });
    }

    /** Hourly rollups of {@code [query.from(), to)}. */
    static MultiSearch.Search rollup(IndexLayout layout, String tenantId, MultiSeriesQuery query, Instant to) {
        return new MultiSearch.Search(layout.rollupPattern(), json -> {
            json.writeStartObject();
            json.writeNumberProperty("size", 0);
            filters(json, tenantId, query.deviceIds(), query.metrics(), Fields.HOUR, query.from(), to);
            json.writeObjectPropertyStart("aggregations");
            devicesStart(json, query.deviceIds().size());
            json.writeObjectPropertyStart(METRICS);
            terms(json, Fields.METRIC, query.metrics().size());
            json.writeObjectPropertyStart("aggregations");
            json.writeObjectPropertyStart(BUCKETS);
            histogram(json, Fields.HOUR, query.interval());
            json.writeObjectPropertyStart("aggregations");
            singleValue(json, Fields.MIN, "min", Fields.MIN);
            singleValue(json, Fields.MAX, "max", Fields.MAX);
            singleValue(json, Fields.SUM, "sum", Fields.SUM);
            singleValue(json, Fields.COUNT, "sum", Fields.COUNT);
            json.writeEndObject(); // aggregations of the histogram
            json.writeEndObject(); // buckets
            json.writeEndObject(); // aggregations of the metric terms
            json.writeEndObject(); // metrics
            devicesEnd(json);
            json.writeEndObject(); // aggregations
            json.writeEndObject();
        });
    }

    /** {@code "query": {"bool": {"filter": [tenant term, device terms, (metric terms,) range]}}}. */
    private static void filters(JsonGenerator json, String tenantId, List<String> devices, List<String> metrics,
                                String timeField, Instant from, Instant to) {
        json.writeObjectPropertyStart("query");
        json.writeObjectPropertyStart("bool");
        json.writeArrayPropertyStart("filter");
        json.writeStartObject();
        json.writeObjectPropertyStart("term");
        json.writeObjectPropertyStart(Fields.TENANT_ID);
        json.writeStringProperty("value", tenantId);
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
        termsFilter(json, Fields.DEVICE_ID, devices);
        if (metrics != null) {
            termsFilter(json, Fields.METRIC, metrics);
        }
        json.writeStartObject();
        json.writeObjectPropertyStart("range");
        json.writeObjectPropertyStart(timeField);
        json.writeNumberProperty("gte", from.toEpochMilli());
        json.writeNumberProperty("lt", to.toEpochMilli());
        json.writeStringProperty("format", "epoch_millis");
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void termsFilter(JsonGenerator json, String field, List<String> values) {
        json.writeStartObject();
        json.writeObjectPropertyStart("terms");
        json.writeArrayPropertyStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    /** Opens {@code "devices": {"terms": ..., "aggregations": {}; {@link #devicesEnd} closes it. */
    private static void devicesStart(JsonGenerator json, int devices) {
        json.writeObjectPropertyStart(DEVICES);
        terms(json, Fields.DEVICE_ID, devices);
        json.writeObjectPropertyStart("aggregations");
    }

    private static void devicesEnd(JsonGenerator json) {
        json.writeEndObject(); // aggregations of the device terms
        json.writeEndObject(); // devices
    }

    private static void terms(JsonGenerator json, String field, int size) {
        json.writeObjectPropertyStart("terms");
        json.writeStringProperty("field", field);
        json.writeNumberProperty("size", size);
        json.writeEndObject();
    }

    private static void histogram(JsonGenerator json, String field, Interval interval) {
        json.writeObjectPropertyStart("date_histogram");
        json.writeStringProperty("field", field);
        json.writeStringProperty("fixed_interval", interval.toString());
        json.writeNumberProperty("min_doc_count", 1);
        json.writeEndObject();
    }

    private static void singleValue(JsonGenerator json, String name, String type, String field) {
        json.writeObjectPropertyStart(name);
        json.writeObjectPropertyStart(type);
        json.writeStringProperty("field", field);
        json.writeEndObject();
        json.writeEndObject();
    }
}
