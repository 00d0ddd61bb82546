package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.rollup.RollupProgress;
import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.support.problem.ApiProblemException;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.msearch.RequestItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/series} against OpenSearch, always as <b>one</b> request ({@code _msearch}, {@link MultiSearch},
 * answer streamed into the cells by {@link SeriesAnswer}): raw readings
 * (terms on the device, date histogram, {@code stats} per metric, {@code percentiles} when asked), or hourly
 * rollups for the hours the job has rolled up plus raw readings for the hours after them. Both parts give
 * min, max, sum and count per bucket, which merge exactly where a bucket spans the boundary. Every search
 * carries a tenant term: another tenant's device id matches nothing.
 */
class SeriesQueries {

    private static final Logger log = LoggerFactory.getLogger(SeriesQueries.class);
    private static final String DEVICES = "devices";
    private static final String METRICS = "metrics";
    private static final String BUCKETS = "buckets";

    private final MultiSearch multiSearch;
    private final IndexLayout layout;
    private final RollupProgress progress;

    SeriesQueries(MultiSearch multiSearch, IndexLayout layout, RollupProgress progress) {
        this.multiSearch = multiSearch;
        this.layout = layout;
        this.progress = progress;
    }

    /** Min, max, sum, count and percentiles of one bucket of one device and metric. */
    static final class Cell {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;
        Map<Double, Double> percentiles = Map.of();

        void add(double min, double max, double sum, long count) {
            if (count == 0) {
                return;
            }
            this.min = Math.min(this.min, min);
            this.max = Math.max(this.max, max);
            this.sum += sum;
            this.count += count;
        }

        Number value(Aggregation agg) {
            if (agg == Aggregation.COUNT) {
                return count;
            }
            if (count == 0) {
                return null;
            }
            Double value = switch (agg) {
                case AVG -> sum / count;
                case MIN -> min;
                case MAX -> max;
                case SUM -> sum;
                case P50, P95, P99 -> percentiles.get(agg.percent());
                case COUNT -> throw new IllegalStateException();
            };
            return value == null || !Double.isFinite(value) ? null : value;
        }
    }

    SeriesSet series(String tenantId, MultiSeriesQuery query) {
        if (tenantId.indexOf(IndexLayout.DEVICE_ID_SEPARATOR) >= 0) {
            return assemble(query, Map.of());
        }
        Instant rawFrom = query.from();
        List<RequestItem> searches = new ArrayList<>();
        boolean withRollups = false;
        if (query.source() == SeriesSource.ROLLUP) {
            Optional<Instant> rolledUpTo = StoreCalls.call(progress::rolledUpTo);
            if (rolledUpTo.isPresent() && rolledUpTo.get().isAfter(query.from())) {
                Instant rollupTo = rolledUpTo.get().isBefore(query.to()) ? rolledUpTo.get() : query.to();
                searches.add(rollupSearch(tenantId, query, rollupTo));
                withRollups = true;
                rawFrom = rollupTo;
            }
        }
        if (rawFrom.isBefore(query.to())) {
            searches.add(rawSearch(tenantId, query, rawFrom));
        }
        boolean rollupFirst = withRollups;
        String filterPath = MultiSearch.filterPath(query.aggs());
        SeriesAnswer.Result answer = StoreCalls.call(() -> multiSearch.send(searches, filterPath,
                parser -> SeriesAnswer.read(parser, searches.size(), rollupFirst, query.metrics(),
                        SeriesAnswer.Grid.of(query))));
        if (answer.error() != null) {
            throw storeFailure(answer.error());
        }
        return assemble(query, answer.cells());
    }

    private RequestItem rawSearch(String tenantId, MultiSeriesQuery query, Instant from) {
        List<FieldValue> devices = query.deviceIds().stream().map(FieldValue::of).toList();
        List<Double> percents = query.aggs().stream().filter(Aggregation::isPercentile).map(Aggregation::percent)
                .toList();
        return RequestItem.of(r -> r
                .header(h -> h.index(layout.telemetryPattern()).ignoreUnavailable(true).allowNoIndices(true))
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

    private RequestItem rollupSearch(String tenantId, MultiSeriesQuery query, Instant to) {
        List<FieldValue> devices = query.deviceIds().stream().map(FieldValue::of).toList();
        List<FieldValue> metrics = query.metrics().stream().map(FieldValue::of).toList();
        return RequestItem.of(r -> r
                .header(h -> h.index(layout.rollupPattern()).ignoreUnavailable(true).allowNoIndices(true))
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

    /** Series in request order (devices, then metrics, then aggregations); pairs without readings are left out. */
    private static SeriesSet assemble(MultiSeriesQuery query, Map<String, Cell[][]> cells) {
        List<Instant> keys = query.buckets();
        List<SeriesSet.Item> series = new ArrayList<>();
        for (String device : query.deviceIds()) {
            Cell[][] byMetric = cells.get(device);
            for (int m = 0; byMetric != null && m < query.metrics().size(); m++) {
                Cell[] byBucket = byMetric[m];
                if (byBucket == null) {
                    continue;
                }
                for (Aggregation agg : query.aggs()) {
                    List<Series.Point> points = new ArrayList<>(keys.size());
                    for (int b = 0; b < keys.size(); b++) {
                        Cell cell = byBucket[b];
                        points.add(new Series.Point(keys.get(b), cell == null
                                ? (agg == Aggregation.COUNT ? 0L : null) : cell.value(agg)));
                    }
                    series.add(new SeriesSet.Item(device, query.metrics().get(m), agg.wireName(), points));
                }
            }
        }
        return new SeriesSet(query.source().wireName(), query.interval().toString(), query.from(), query.to(),
                series);
    }

    private static ApiProblemException storeFailure(String reason) {
        log.warn("OpenSearch series search failed: {}", reason);
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, StoreCalls.STORE_UNAVAILABLE,
                "Service unavailable", "The telemetry store is not available; try again later.")
                .withHeader("Retry-After", "5");
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }
}
