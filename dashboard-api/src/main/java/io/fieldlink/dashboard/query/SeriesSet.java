package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.annotation.JsonSerialize;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /v1/series}: one series per device, metric and aggregation that has readings in the
 * range, all on the same buckets.
 *
 * @param source   {@code raw} (readings) or {@code rollup} (hourly rollups, whole hours)
 * @param interval the effective bucket width (rounded up to whole hours for rollups)
 * @param from     start of the first bucket's range (inclusive; for rollups the hour the requested start is in)
 * @param to       end of the range (exclusive; for rollups the end of the hour the requested end is in)
 */
@Schema(name = "SeriesSet")
@JsonSerialize(using = SeriesSetSerializer.class)
record SeriesSet(@Schema(allowableValues = {"raw", "rollup"}) String source,
                 @Schema(example = "1h") String interval,
                 Instant from,
                 Instant to,
                 List<Item> series) {

    /** One device, one metric, one aggregation. */
    @Schema(name = "SeriesSetItem")
    record Item(String deviceId,
                String metric,
                @Schema(allowableValues = {"avg", "min", "max", "sum", "count", "p50", "p95", "p99"}) String agg,
                List<Series.Point> points) {
    }
}
