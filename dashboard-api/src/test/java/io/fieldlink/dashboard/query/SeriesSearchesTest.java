package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.msearch.RequestItem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SeriesSearches} writes the searches opensearch-java's typed builders wrote before it (kept here as the
 * reference, serialized by the client's own mapper): the same JSON, line by line, for raw and rollup searches with
 * one or several devices, metrics and percentiles.
 */
class SeriesSearchesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JacksonJsonpMapper CLIENT_MAPPER = new JacksonJsonpMapper();
    private static final IndexLayout LAYOUT = new IndexLayout("fieldlink", Granularity.MONTHLY);
    private static final String DEVICES = "devices";
    private static final String METRICS = "metrics";
    private static final String BUCKETS = "buckets";
    private static final Instant FROM = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void rawSearchesAreWhatTheTypedBuildersWrote() {
        for (MultiSeriesQuery query : List.of(
                query(List.of("295000000000001"), List.of("temperature"), List.of(Aggregation.AVG)),
                query(List.of("a", "b", "c\"quoted"), List.of("temperature", "soil.humidity"),
                        List.of(Aggregation.AVG, Aggregation.P95, Aggregation.P50, Aggregation.COUNT)))) {
            Instant from = FROM.plusSeconds(3600);
            assertThat(lines(MultiSearch.ndjson(List.of(SeriesSearches.raw(LAYOUT, "OP-1", query, from)))))
                    .isEqualTo(typed(rawSearch("OP-1", query, from)));
        }
    }

    @Test
    void rollupSearchesAreWhatTheTypedBuildersWrote() {
        MultiSeriesQuery query = query(List.of("a", "b"), List.of("temperature", "humidity"),
                List.of(Aggregation.MAX, Aggregation.SUM));
        Instant rolledUpTo = TO.minusSeconds(7200);
        List<JsonNode> written = lines(MultiSearch.ndjson(List.of(
                SeriesSearches.rollup(LAYOUT, "OP-2", query, rolledUpTo),
                SeriesSearches.raw(LAYOUT, "OP-2", query, rolledUpTo))));

        List<JsonNode> expected = new ArrayList<>(typed(rollupSearch("OP-2", query, rolledUpTo)));
        expected.addAll(typed(rawSearch("OP-2", query, rolledUpTo)));
        assertThat(written).isEqualTo(expected).hasSize(4);
        assertThat(written.get(0).get("index").get(0).asString()).isEqualTo("fieldlink-rollup-*");
    }

    private static MultiSeriesQuery query(List<String> devices, List<String> metrics, List<Aggregation> aggs) {
        return new MultiSeriesQuery(devices, metrics, aggs, FROM, TO, Interval.parse("5m"), SeriesSource.RAW);
    }

    private static List<JsonNode> lines(byte[] ndjson) {
        String text = new String(ndjson, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return text.lines().map(JSON::readTree).toList();
    }

    private static List<JsonNode> typed(RequestItem item) {
        return List.of(tree(item.header()), tree(item.body()));
    }

    private static JsonNode tree(JsonpSerializable value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var generator = CLIENT_MAPPER.jsonProvider().createGenerator(out)) {
            value.serialize(generator, CLIENT_MAPPER);
        }
        return JSON.readTree(out.toByteArray());
    }

    // --- the typed builders dashboard-api used before SeriesSearches, unchanged -------------------------------

    private static RequestItem rawSearch(String tenantId, MultiSeriesQuery query, Instant from) {
        List<FieldValue> devices = query.deviceIds().stream().map(FieldValue::of).toList();
        List<Double> percents = query.aggs().stream().filter(Aggregation::isPercentile).map(Aggregation::percent)
                .toList();
        return RequestItem.of(r -> r
                .header(h -> h.index(LAYOUT.telemetryPattern()).ignoreUnavailable(true).allowNoIndices(true))
                .body(b -> b
                        .size(0)
                        .query(q -> q.bool(f -> f
                                .filter(term(Fields.TENANT_ID, tenantId))
                                .filter(t -> t.terms(ts -> ts.field(Fields.DEVICE_ID).terms(v -> v.value(devices))))
                                .filter(t -> t.range(rg -> rg.field(Fields.EVENT_TIME)
                                        .gte(JsonData.of(from.toEpochMilli()))
                                        .lt(JsonData.of(query.to().toEpochMilli()))
                                        .format("epoch_millis")))))
                        .aggregations(DEVICES, a -> a
                                .terms(t -> t.field(Fields.DEVICE_ID).size(query.deviceIds().size()))
                                .aggregations(BUCKETS, h -> {
                                    var histogram = h.dateHistogram(d -> d.field(Fields.EVENT_TIME)
                                            .fixedInterval(t -> t.time(query.interval().toString()))
                                            .minDocCount(1));
                                    for (int m = 0; m < query.metrics().size(); m++) {
                                        String field = Fields.MEASUREMENTS + "." + query.metrics().get(m);
                                        histogram.aggregations("s" + m, s -> s.stats(st -> st.field(field)));
                                        if (!percents.isEmpty()) {
                                            histogram.aggregations("p" + m, p -> p.percentiles(pc -> pc.field(field)
                                                    .keyed(false).percents(percents)));
                                        }
                                    }
                                    return histogram;
                                }))));
    }

    private static RequestItem rollupSearch(String tenantId, MultiSeriesQuery query, Instant to) {
        List<FieldValue> devices = query.deviceIds().stream().map(FieldValue::of).toList();
        List<FieldValue> metrics = query.metrics().stream().map(FieldValue::of).toList();
        return RequestItem.of(r -> r
                .header(h -> h.index(LAYOUT.rollupPattern()).ignoreUnavailable(true).allowNoIndices(true))
                .body(b -> b
                        .size(0)
                        .query(q -> q.bool(f -> f
                                .filter(term(Fields.TENANT_ID, tenantId))
                                .filter(t -> t.terms(ts -> ts.field(Fields.DEVICE_ID).terms(v -> v.value(devices))))
                                .filter(t -> t.terms(ts -> ts.field(Fields.METRIC).terms(v -> v.value(metrics))))
                                .filter(t -> t.range(rg -> rg.field(Fields.HOUR)
                                        .gte(JsonData.of(query.from().toEpochMilli()))
                                        .lt(JsonData.of(to.toEpochMilli()))
                                        .format("epoch_millis")))))
                        .aggregations(DEVICES, a -> a
                                .terms(t -> t.field(Fields.DEVICE_ID).size(query.deviceIds().size()))
                                .aggregations(METRICS, m -> m
                                        .terms(t -> t.field(Fields.METRIC).size(query.metrics().size()))
                                        .aggregations(BUCKETS, h -> h
                                                .dateHistogram(d -> d.field(Fields.HOUR)
                                                        .fixedInterval(t -> t.time(query.interval().toString()))
                                                        .minDocCount(1))
                                                .aggregations(Fields.MIN, x -> x.min(v -> v.field(Fields.MIN)))
                                                .aggregations(Fields.MAX, x -> x.max(v -> v.field(Fields.MAX)))
                                                .aggregations(Fields.SUM, x -> x.sum(v -> v.field(Fields.SUM)))
                                                .aggregations(Fields.COUNT, x -> x.sum(v -> v.field(Fields.COUNT))))))));
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }
}
