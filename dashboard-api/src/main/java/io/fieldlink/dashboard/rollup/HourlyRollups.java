package io.fieldlink.dashboard.rollup;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregate;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregationSource;
import org.opensearch.client.opensearch._types.aggregations.CompositeBucket;
import org.opensearch.client.opensearch._types.aggregations.DateHistogramBucket;
import org.opensearch.client.opensearch._types.aggregations.StatsAggregate;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.indices.GetMappingResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The hourly rollup job: min, max, sum and count per tenant, device, metric and hour, computed from the raw
 * readings with an aggregation query and written with a deterministic id
 * ({@code tenant:device:metric:hourEpochMillis}). Rolling an hour up again (a rerun, a late reading) recomputes
 * it from raw and overwrites the same documents, so reruns and late data converge to the same result.
 * <p>
 * Each run rolls up the hours that closed at least {@code lateness} ago and were not rolled up yet, plus
 * the already rolled-up hours that received readings since the previous run (found by {@code receivedTime}).
 * Progress is stored in OpenSearch ({@link RollupProgress}), never only in memory, after every slice of
 * {@value #HOURS_PER_SLICE} new hours: a first run over a long backlog (months of readings restored or loaded at
 * once) that fails or is stopped halfway resumes after its last slice instead of starting over.
 */
class HourlyRollups {

    private static final Logger log = LoggerFactory.getLogger(HourlyRollups.class);

    static final Duration HOUR = Duration.ofHours(1);
    /** Hour ranges per search: keeps the bool query below OpenSearch's clause limit (1024). */
    private static final int HOURS_PER_SEARCH = 500;
    /** New hours rolled up between two progress writes (a week). */
    static final int HOURS_PER_SLICE = 168;
    private static final String KEY_HOUR = "hour";
    private static final String KEY_TENANT = "tenant";
    private static final String KEY_DEVICE = "device";
    private static final String GROUPS = "groups";

    private final OpenSearchClient client;
    private final IndexLayout layout;
    private final IndexTemplates templates;
    private final RollupProgress progress;
    private final DashboardProperties.Retention settings;

    HourlyRollups(OpenSearchClient client, IndexLayout layout, IndexTemplates templates, RollupProgress progress,
                  DashboardProperties.Retention settings) {
        this.client = client;
        this.layout = layout;
        this.templates = templates;
        this.progress = progress;
        this.settings = settings;
    }

    /** What one run did. */
    record Outcome(Instant rolledUpTo, int hours, int documents) {
    }

    /** One run at {@code now}; returns what it rolled up. */
    Outcome run(Instant now) throws IOException {
        templates.ensureInstalled();
        Instant closedUpTo = floorHour(now.minus(settings.lateness()));
        Optional<RollupProgress.State> state = progress.read();
        List<HourRange> late = new ArrayList<>();
        Instant start;
        if (state.isPresent()) {
            start = state.get().rolledUpTo();
            late.addAll(HourRange.merge(hoursReceivedSince(state.get().receivedCursor().minus(settings.lateness()),
                    start)));
        } else {
            start = earliestReading().map(HourlyRollups::floorHour).orElse(closedUpTo);
        }
        // the rolled-up hours that received readings first: once they are done, "received up to now" holds for
        // every hour before start, and each slice of new hours can store its progress with that cursor
        int documents = rollUp(late);
        long hours = late.stream().mapToLong(HourRange::hours).sum();
        Instant rolledUpTo = start;
        List<HourRange> slices = HourRange.slices(start, closedUpTo, HOURS_PER_SLICE);
        for (HourRange slice : slices) {
            documents += rollUp(List.of(slice));
            hours += slice.hours();
            rolledUpTo = slice.to();
            progress.write(new RollupProgress.State(rolledUpTo, now));
        }
        if (slices.isEmpty()) {
            progress.write(new RollupProgress.State(rolledUpTo, now));
        }
        if (hours > 0) {
            log.info("Rolled up {} hours into {} documents; rolled up to {}", hours, documents, rolledUpTo);
        }
        return new Outcome(rolledUpTo, (int) hours, documents);
    }

    /** Whole hours {@code [from, to)}. */
    record HourRange(Instant from, Instant to) {

        long hours() {
            return Duration.between(from, to).toHours();
        }

        /** {@code [from, to)} in consecutive ranges of at most {@code hours} hours; none when from is not before to. */
        static List<HourRange> slices(Instant from, Instant to, int hours) {
            List<HourRange> slices = new ArrayList<>();
            for (Instant at = from; at.isBefore(to); ) {
                Instant end = at.plus(HOUR.multipliedBy(hours));
                end = end.isAfter(to) ? to : end;
                slices.add(new HourRange(at, end));
                at = end;
            }
            return slices;
        }

        /** Sorted hours as ranges, adjacent hours joined. */
        static List<HourRange> merge(List<Instant> hours) {
            List<HourRange> ranges = new ArrayList<>();
            for (Instant hour : new TreeSet<>(hours)) {
                HourRange last = ranges.isEmpty() ? null : ranges.getLast();
                if (last != null && last.to().equals(hour)) {
                    ranges.set(ranges.size() - 1, new HourRange(last.from(), hour.plus(HOUR)));
                } else {
                    ranges.add(new HourRange(hour, hour.plus(HOUR)));
                }
            }
            return ranges;
        }
    }

    /**
     * Recomputes the given hours from the raw readings and overwrites their rollup documents.
     *
     * @return the documents written
     */
    int rollUp(List<HourRange> ranges) throws IOException {
        if (ranges.isEmpty()) {
            return 0;
        }
        List<String> metrics = measurementNames();
        if (metrics.isEmpty()) {
            return 0;
        }
        int written = 0;
        for (int i = 0; i < ranges.size(); i += HOURS_PER_SEARCH) {
            written += rollUpChunk(ranges.subList(i, Math.min(ranges.size(), i + HOURS_PER_SEARCH)), metrics);
        }
        return written;
    }

    private int rollUpChunk(List<HourRange> ranges, List<String> metrics) throws IOException {
        Query inHours = Query.of(q -> q.bool(b -> {
            for (HourRange range : ranges) {
                b.should(s -> s.range(r -> r.field(Fields.EVENT_TIME)
                        .gte(JsonData.of(range.from().toEpochMilli()))
                        .lt(JsonData.of(range.to().toEpochMilli()))
                        .format("epoch_millis")));
            }
            return b.minimumShouldMatch("1");
        }));
        Map<String, Aggregation> stats = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            String field = Fields.MEASUREMENTS + "." + metrics.get(m);
            stats.put("m" + m, Aggregation.of(a -> a.stats(s -> s.field(field))));
        }
        Map<String, FieldValue> after = null;
        int written = 0;
        while (true) {
            Map<String, FieldValue> afterKey = after;
            SearchResponse<Void> response = client.search(s -> s
                    .index(layout.telemetryPattern())
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .size(0)
                    .query(inHours)
                    .aggregations(GROUPS, a -> a
                            .composite(c -> {
                                c.size(settings.pageSize()).sources(List.of(
                                        Map.of(KEY_HOUR, CompositeAggregationSource.of(cs -> cs.dateHistogram(
                                                h -> h.field(Fields.EVENT_TIME).fixedInterval(t -> t.time("1h"))))),
                                        Map.of(KEY_TENANT, CompositeAggregationSource.of(cs -> cs.terms(
                                                t -> t.field(Fields.TENANT_ID)))),
                                        Map.of(KEY_DEVICE, CompositeAggregationSource.of(cs -> cs.terms(
                                                t -> t.field(Fields.DEVICE_ID))))));
                                if (afterKey != null) {
                                    c.after(afterKey);
                                }
                                return c;
                            })
                            .aggregations(stats)), Void.class);
            CompositeAggregate groups = response.aggregations().get(GROUPS).composite();
            List<BulkOperation> operations = new ArrayList<>();
            for (CompositeBucket bucket : groups.buckets().array()) {
                Instant hour = Instant.ofEpochMilli(bucket.key().get(KEY_HOUR).longValue());
                String tenant = bucket.key().get(KEY_TENANT).stringValue();
                String device = bucket.key().get(KEY_DEVICE).stringValue();
                for (int m = 0; m < metrics.size(); m++) {
                    Aggregate aggregate = bucket.aggregations().get("m" + m);
                    StatsAggregate metricStats = aggregate == null ? null : aggregate.stats();
                    if (metricStats == null || metricStats.count() == 0) {
                        continue;
                    }
                    operations.add(rollupDocument(tenant, device, metrics.get(m), hour, metricStats));
                }
            }
            written += write(operations);
            if (groups.buckets().array().size() < settings.pageSize() || groups.afterKey() == null
                    || groups.afterKey().isEmpty()) {
                return written;
            }
            after = groups.afterKey();
        }
    }

    private BulkOperation rollupDocument(String tenant, String device, String metric, Instant hour,
                                         StatsAggregate stats) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(Fields.TENANT_ID, tenant);
        document.put(Fields.DEVICE_ID, device);
        document.put(Fields.METRIC, metric);
        document.put(Fields.HOUR, hour.toString());
        document.put(Fields.MIN, stats.min());
        document.put(Fields.MAX, stats.max());
        document.put(Fields.SUM, stats.sum());
        document.put(Fields.COUNT, stats.count());
        return BulkOperation.of(o -> o.index(i -> i
                .index(layout.rollupIndex(hour))
                .id(documentId(tenant, device, metric, hour))
                .document(document)));
    }

    /** {@code tenant:device:metric:hourEpochMillis}; unique because tenant ids never contain ':'. */
    static String documentId(String tenant, String device, String metric, Instant hour) {
        return IndexLayout.tenantDocumentId(tenant, device) + ':' + metric + ':' + hour.toEpochMilli();
    }

    private int write(List<BulkOperation> operations) throws IOException {
        if (operations.isEmpty()) {
            return 0;
        }
        BulkResponse response = client.bulk(BulkRequest.of(b -> b.operations(operations).refresh(Refresh.True)));
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null) {
                    // the run fails and writes no progress: the next run recomputes the same hours
                    throw new IOException("rollup document " + item.id() + " refused: " + item.error().type() + ": "
                            + item.error().reason());
                }
            }
        }
        return operations.size();
    }

    /** Hours before {@code before} holding readings received from {@code receivedFrom} on: late data to re-roll. */
    private List<Instant> hoursReceivedSince(Instant receivedFrom, Instant before) throws IOException {
        SearchResponse<Void> response = client.search(s -> s
                .index(layout.telemetryPattern())
                .ignoreUnavailable(true)
                .allowNoIndices(true)
                .size(0)
                .query(q -> q.bool(b -> b
                        .filter(f -> f.range(r -> r.field(Fields.RECEIVED_TIME)
                                .gte(JsonData.of(receivedFrom.toEpochMilli())).format("epoch_millis")))
                        .filter(f -> f.range(r -> r.field(Fields.EVENT_TIME)
                                .lt(JsonData.of(before.toEpochMilli())).format("epoch_millis")))))
                .aggregations(KEY_HOUR, a -> a.dateHistogram(h -> h
                        .field(Fields.EVENT_TIME).fixedInterval(t -> t.time("1h")).minDocCount(1))), Void.class);
        List<Instant> hours = new ArrayList<>();
        Aggregate histogram = response.aggregations().get(KEY_HOUR);
        if (histogram != null) {
            for (DateHistogramBucket bucket : histogram.dateHistogram().buckets().array()) {
                hours.add(Instant.ofEpochMilli(bucket.key()));
            }
        }
        return hours;
    }

    private Optional<Instant> earliestReading() throws IOException {
        SearchResponse<Void> response = client.search(s -> s
                .index(layout.telemetryPattern())
                .ignoreUnavailable(true)
                .allowNoIndices(true)
                .size(0)
                .aggregations("earliest", a -> a.min(m -> m.field(Fields.EVENT_TIME))), Void.class);
        Aggregate earliest = response.aggregations().get("earliest");
        Double value = earliest == null ? null : earliest.min().value();
        return value == null || !Double.isFinite(value) ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(value.longValue()));
    }

    /** Every measurement name in the telemetry mappings ({@code soil.temp} for the object {@code soil}). */
    List<String> measurementNames() throws IOException {
        GetMappingResponse mappings = client.indices().getMapping(g -> g
                .index(layout.telemetryPattern()).ignoreUnavailable(true).allowNoIndices(true));
        TreeSet<String> names = new TreeSet<>();
        mappings.result().values().forEach(index -> {
            TypeMapping mapping = index.mappings();
            Property measurements = mapping == null ? null : mapping.properties().get(Fields.MEASUREMENTS);
            if (measurements != null && measurements.isObject()) {
                collect("", measurements.object().properties(), names);
            }
        });
        return List.copyOf(names);
    }

    private static void collect(String prefix, Map<String, Property> properties, TreeSet<String> names) {
        properties.forEach((name, property) -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            if (property.isObject()) {
                collect(path, property.object().properties(), names);
            } else if (property.isDouble() || property.isLong() || property.isFloat() || property.isInteger()) {
                names.add(path);
            }
        });
    }

    static Instant floorHour(Instant instant) {
        long hour = HOUR.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), hour) * hour);
    }
}
