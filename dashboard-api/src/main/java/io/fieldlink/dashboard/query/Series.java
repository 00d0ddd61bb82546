package io.fieldlink.dashboard.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.annotation.JsonSerialize;

import java.time.Instant;
import java.util.List;

/** One metric of one device, aggregated per time bucket. */
@Schema(name = "Series")
record Series(String deviceId,
              String metric,
              @Schema(allowableValues = {"avg", "min", "max", "sum", "count", "p50", "p95", "p99"}) String agg,
              @Schema(example = "5m") String interval,
              @Schema(description = "Start of the range (inclusive)") Instant from,
              @Schema(description = "End of the range (exclusive)") Instant to,
              List<Point> points) {

    /**
     * @param t     start of the bucket
     * @param value the aggregate; null when no reading of the bucket carries the metric (count: 0)
     */
    @Schema(name = "SeriesPoint")
    record Point(@JsonSerialize(using = BucketTimeSerializer.class) Instant t,
                 @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) Number value) {
    }
}
