package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.rollup.RollupProgress;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.support.problem.ApiProblemException;
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
        List<MultiSearch.Search> searches = new ArrayList<>();
        boolean withRollups = false;
        if (query.source() == SeriesSource.ROLLUP) {
            Optional<Instant> rolledUpTo = StoreCalls.call(progress::rolledUpTo);
            if (rolledUpTo.isPresent() && rolledUpTo.get().isAfter(query.from())) {
                Instant rollupTo = rolledUpTo.get().isBefore(query.to()) ? rolledUpTo.get() : query.to();
                searches.add(SeriesSearches.rollup(layout, tenantId, query, rollupTo));
                withRollups = true;
                rawFrom = rollupTo;
            }
        }
        if (rawFrom.isBefore(query.to())) {
            searches.add(SeriesSearches.raw(layout, tenantId, query, rawFrom));
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
}
