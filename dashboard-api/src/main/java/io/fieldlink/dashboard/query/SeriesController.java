package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/**
 * Series of several devices and metrics at once, from raw readings or hourly rollups (the response says which).
 * Tenant-scoped: a device id of another tenant matches nothing and simply yields no series.
 */
@RestController
@RequestMapping(path = "/v1/series", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "series", description = "Time series of several devices and metrics")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class SeriesController {

    private final SeriesQueries queries;
    private final DashboardProperties properties;
    private final Clock clock;

    SeriesController(SeriesQueries queries, DashboardProperties properties, Clock clock) {
        this.queries = queries;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "Series of several devices and metrics",
            description = "One series per device, metric and aggregation that has readings in the range, on common "
                    + "buckets. Raw readings when raw retention covers the range and the interval is below 1 h or "
                    + "the range is short; hourly rollups otherwise (whole hours). `source` says which.")
    @ApiResponse(responseCode = "200", description = "The series",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SeriesSet.class),
                    examples = @ExampleObject(name = "raw", value = """
                    {"source": "raw", "interval": "1h", "from": "2026-11-20T10:00:00Z", "to": "2026-11-20T12:00:00Z",
                     "series": [
                      {"deviceId": "295000000000001", "metric": "temperature", "agg": "avg",
                       "points": [{"t": "2026-11-20T10:00:00Z", "value": 50.0}, {"t": "2026-11-20T11:00:00Z", "value": null}]},
                      {"deviceId": "295000000000001", "metric": "temperature", "agg": "p95",
                       "points": [{"t": "2026-11-20T10:00:00Z", "value": 95.0}, {"t": "2026-11-20T11:00:00Z", "value": null}]}]}
                    """)))
    @ApiResponse(responseCode = "400", description = "Invalid parameter (property `parameter` names it), or "
            + "`percentiles-need-raw-range`", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = ProblemDetail.class)))
    SeriesSet series(@AuthenticationPrincipal TenantPrincipal caller,
                     @Parameter(description = "Device id; repeat for several (at most "
                             + "fieldlink.dashboard.query.max-devices, default 100)", required = true,
                             array = @ArraySchema(schema = @Schema(example = "295000000000001")))
                     @RequestParam(name = "deviceId", required = false) List<String> deviceIds,
                     @Parameter(description = "Measurement name; repeat for several (at most "
                             + "fieldlink.dashboard.query.max-metrics, default 10)", required = true,
                             array = @ArraySchema(schema = @Schema(example = "temperature")))
                     @RequestParam(name = "metric", required = false) List<String> metrics,
                     @Parameter(description = "Aggregation; repeat for several (default avg)",
                             array = @ArraySchema(schema = @Schema(allowableValues = {"avg", "min", "max", "sum",
                                     "count", "p50", "p95", "p99"})))
                     @RequestParam(name = "agg", required = false) List<String> aggs,
                     @Parameter(description = "ISO-8601 start, inclusive (default: to minus 24 h)",
                             example = "2026-11-01T00:00:00Z")
                     @RequestParam(required = false) String from,
                     @Parameter(description = "ISO-8601 end, exclusive (default: now)", example = "2026-11-28T00:00:00Z")
                     @RequestParam(required = false) String to,
                     @Parameter(description = "Bucket width: a number and s, m, h or d (default: the smallest round "
                             + "width giving at most 300 buckets); rounded up to whole hours for rollups",
                             example = "1h")
                     @RequestParam(required = false) String interval) {
        MultiSeriesQuery query = MultiSeriesQuery.parse(deviceIds, metrics, aggs, from, to, interval, clock,
                properties.query(), properties.retention());
        return queries.series(caller.tenantId(), query);
    }
}
