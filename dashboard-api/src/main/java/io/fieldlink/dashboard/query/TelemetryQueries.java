package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.support.problem.ApiProblemException;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.DateHistogramBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the OpenSearch read model. Every query is filtered by the caller's tenant: device documents
 * are addressed by {@code tenant:device} and checked, telemetry searches carry a tenant term.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class TelemetryQueries {

    private static final Logger log = LoggerFactory.getLogger(TelemetryQueries.class);

    static final String STORE_UNAVAILABLE = StoreCalls.STORE_UNAVAILABLE;
    private static final String BUCKETS = "buckets";
    private static final String VALUE = "value";
    private static final String COUNT = "count";

    private static final Class<Map> DOCUMENT = Map.class;

    private final OpenSearchClient client;
    private final IndexLayout layout;

    TelemetryQueries(OpenSearchClient client, IndexLayout layout) {
        this.client = client;
        this.layout = layout;
    }

    /**
     * The tenant's devices that match the filter, sorted by device id: from {@code page * size}, or, with a
     * cursor, the {@code size} devices after it. One device more is fetched to know whether a next page exists.
     */
    DevicePage devices(String tenantId, DeviceFilter filter, int page, int size, DeviceCursor after) {
        SearchRequest request = devicesRequest(tenantId, filter, page, size, after);
        SearchResponse<Map> response = call(() -> client.search(request, DOCUMENT));
        List<DeviceSummary> items = new ArrayList<>();
        List<Hit<Map>> hits = response.hits().hits();
        boolean more = hits.size() > size;
        for (Hit<Map> hit : more ? hits.subList(0, size) : hits) {
            Map<?, ?> source = hit.source();
            if (source != null && tenantId.equals(source.get(Fields.TENANT_ID))) {
                Instant lastSeen = instant(source, Fields.LAST_SEEN);
                items.add(new DeviceSummary(string(source, Fields.DEVICE_ID), string(source, Fields.DISPLAY_NAME),
                        strings(source, Fields.TAGS), strings(source, Fields.GROUPS), filter.online(lastSeen), lastSeen,
                        string(source, Fields.LAST_MESSAGE_ID), measurements(source), attributes(source)));
            }
        }
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        String next = more && !items.isEmpty() ? new DeviceCursor(items.getLast().deviceId()).encode() : null;
        return new DevicePage(items, after == null ? page : 0, size, total, next);
    }

    /**
     * The tenant term always; then the tag term, "online" as a range on {@code lastSeen} (offline is its negation,
     * which includes devices without any reading), and the prefix on the device id or, in any case, the name.
     */
    SearchRequest devicesRequest(String tenantId, DeviceFilter filter, int page, int size, DeviceCursor after) {
        List<Query> filters = new ArrayList<>();
        filters.add(term(Fields.TENANT_ID, tenantId));
        if (filter.tag() != null) {
            filters.add(term(Fields.TAGS, filter.tag()));
        }
        Query online = Query.of(q -> q.range(r -> r.field(Fields.LAST_SEEN)
                .gte(JsonData.of(filter.onlineSince().toEpochMilli()))
                .format("epoch_millis")));
        if (filter.state() == DeviceFilter.State.ONLINE) {
            filters.add(online);
        } else if (filter.state() == DeviceFilter.State.OFFLINE) {
            filters.add(Query.of(q -> q.bool(b -> b.mustNot(online))));
        }
        if (filter.prefix() != null) {
            filters.add(Query.of(q -> q.bool(b -> b
                    .should(s -> s.prefix(p -> p.field(Fields.DEVICE_ID).value(filter.prefix())))
                    .should(s -> s.prefix(p -> p.field(Fields.DISPLAY_NAME).value(filter.prefix())
                            .caseInsensitive(true)))
                    .minimumShouldMatch("1"))));
        }
        return SearchRequest.of(s -> {
            s.index(layout.devicesIndex())
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(o -> o.field(f -> f.field(Fields.DEVICE_ID).order(SortOrder.Asc)))
                    .from(after == null ? page * size : 0)
                    .size(size + 1)
                    .trackTotalHits(t -> t.enabled(true));
            if (after != null) {
                s.searchAfter(FieldValue.of(after.deviceId()));
            }
            return s;
        });
    }

    /** One device with its profile and newest reading, or empty when the tenant has no such device. */
    Optional<DeviceDetails> device(String tenantId, String deviceId, Instant onlineSince) {
        DeviceFilter online = DeviceFilter.all(onlineSince);
        return device(tenantId, deviceId).map(source -> {
            Instant lastSeen = instant(source, Fields.LAST_SEEN);
            return new DeviceDetails(deviceId, string(source, Fields.DISPLAY_NAME), strings(source, Fields.TAGS),
                    strings(source, Fields.GROUPS), online.online(lastSeen), lastSeen,
                    string(source, Fields.LAST_MESSAGE_ID), instant(source, Fields.RECEIVED_TIME),
                    string(source, Fields.SOURCE_PROTOCOL), measurements(source), attributes(source));
        });
    }

    /** The device's newest reading, or empty when the tenant has no such device. */
    Optional<LatestReading> latest(String tenantId, String deviceId) {
        return device(tenantId, deviceId).map(source -> new LatestReading(deviceId,
                string(source, Fields.LAST_MESSAGE_ID), instant(source, Fields.LAST_SEEN),
                instant(source, Fields.RECEIVED_TIME), string(source, Fields.SOURCE_PROTOCOL),
                measurements(source), attributes(source)));
    }

    /** The aggregated series, or empty when the tenant has no such device. */
    Optional<Series> series(String tenantId, SeriesQuery query) {
        if (device(tenantId, query.deviceId()).isEmpty()) {
            return Optional.empty();
        }
        SearchResponse<Map> response = call(() -> client.search(seriesRequest(tenantId, query), DOCUMENT));
        Map<Long, Number> values = new HashMap<>();
        Aggregate buckets = response.aggregations().get(BUCKETS);
        if (buckets != null) {
            for (DateHistogramBucket bucket : buckets.dateHistogram().buckets().array()) {
                values.put(bucket.key(), value(query.agg(), bucket));
            }
        }
        List<Series.Point> points = new ArrayList<>();
        for (Instant key : query.buckets()) {
            Number value = values.get(key.toEpochMilli());
            if (value == null && query.agg() == Aggregation.COUNT) {
                value = 0L;
            }
            points.add(new Series.Point(key, value));
        }
        return Optional.of(new Series(query.deviceId(), query.metric(), query.agg().wireName(),
                query.interval().toString(), query.from(), query.to(), points));
    }

    SearchRequest seriesRequest(String tenantId, SeriesQuery query) {
        String field = Fields.MEASUREMENTS + "." + query.metric();
        return SearchRequest.of(s -> s
                .index(layout.telemetryPattern())
                .ignoreUnavailable(true)
                .allowNoIndices(true)
                .size(0)
                .query(q -> q.bool(b -> b
                        .filter(term(Fields.TENANT_ID, tenantId))
                        .filter(term(Fields.DEVICE_ID, query.deviceId()))
                        .filter(f -> f.range(r -> r.field(Fields.EVENT_TIME)
                                .gte(JsonData.of(query.from().toEpochMilli()))
                                .lt(JsonData.of(query.to().toEpochMilli()))
                                .format("epoch_millis")))))
                .aggregations(BUCKETS, a -> a
                        .dateHistogram(h -> h
                                .field(Fields.EVENT_TIME)
                                .fixedInterval(t -> t.time(query.interval().toString()))
                                .minDocCount(1))
                        .aggregations(COUNT, c -> c.valueCount(v -> v.field(field)))
                        .aggregations(VALUE, v -> switch (query.agg()) {
                            case AVG -> v.avg(m -> m.field(field));
                            case MIN -> v.min(m -> m.field(field));
                            case MAX -> v.max(m -> m.field(field));
                            case SUM, COUNT -> v.sum(m -> m.field(field));
                            case P50, P95, P99 -> v.percentiles(m -> m.field(field).keyed(false)
                                    .percents(query.agg().percent()));
                        })));
    }

    private static Number value(Aggregation agg, DateHistogramBucket bucket) {
        Aggregate countAggregate = bucket.aggregations().get(COUNT);
        long count = countAggregate == null ? 0 : Math.round(countAggregate.valueCount().value());
        if (agg == Aggregation.COUNT) {
            return count;
        }
        if (count == 0) {
            return null;
        }
        Aggregate aggregate = bucket.aggregations().get(VALUE);
        Double value = switch (agg) {
            case AVG -> aggregate.avg().value();
            case MIN -> aggregate.min().value();
            case MAX -> aggregate.max().value();
            case SUM -> aggregate.sum().value();
            case P50, P95, P99 -> aggregate.tdigestPercentiles().values().array().getFirst().value();
            case COUNT -> throw new IllegalStateException();
        };
        return value == null || !Double.isFinite(value) ? null : value;
    }

    private Optional<Map<?, ?>> device(String tenantId, String deviceId) {
        if (tenantId.indexOf(IndexLayout.DEVICE_ID_SEPARATOR) >= 0) {
            return Optional.empty();
        }
        GetResponse<Map> response = call(() -> {
            try {
                return client.get(g -> g
                        .index(layout.devicesIndex())
                        .id(IndexLayout.deviceDocumentId(tenantId, deviceId)), DOCUMENT);
            } catch (OpenSearchException e) {
                if (e.status() == 404) { // no devices index yet: no device at all
                    return null;
                }
                throw e;
            }
        });
        Map<?, ?> source = response != null && response.found() ? response.source() : null;
        // the id already contains the tenant; the check keeps a wrongly written document from leaking
        if (source == null || !tenantId.equals(source.get(Fields.TENANT_ID))
                || !deviceId.equals(source.get(Fields.DEVICE_ID))) {
            return Optional.empty();
        }
        return Optional.of(source);
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    private static String string(Map<?, ?> source, String field) {
        Object value = source.get(field);
        return value == null ? null : value.toString();
    }

    /** A keyword array; OpenSearch keeps a one-element array as written, but a single string is accepted too. */
    private static List<String> strings(Map<?, ?> source, String field) {
        Object value = source.get(field);
        if (value instanceof List<?> list) {
            return list.stream().map(Objects::toString).toList();
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    private static Instant instant(Map<?, ?> source, String field) {
        Object value = source.get(field);
        return value == null ? null : Instant.parse(value.toString());
    }

    private static Map<String, Double> measurements(Map<?, ?> source) {
        Map<String, Double> result = new LinkedHashMap<>();
        flatten("", source.get(Fields.MEASUREMENTS), (name, value) -> {
            if (value instanceof Number number) {
                result.put(name, number.doubleValue());
            }
        });
        return result;
    }

    private static Map<String, String> attributes(Map<?, ?> source) {
        Map<String, String> result = new LinkedHashMap<>();
        flatten("", source.get(Fields.ATTRIBUTES), (name, value) -> result.put(name, Objects.toString(value)));
        return result;
    }

    /** Stored maps are flat ({@code "soil.temp": 3.0}); flattening also covers documents written nested. */
    private static void flatten(String prefix, Object value, java.util.function.BiConsumer<String, Object> sink) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, sink));
        } else if (value != null && !prefix.isEmpty()) {
            sink.accept(prefix, value);
        }
    }

    private static <T> T call(StoreCalls.OpenSearchCall<T> call) {
        return StoreCalls.call(call);
    }
}
