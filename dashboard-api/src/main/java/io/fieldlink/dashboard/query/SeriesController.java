package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.TenantPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Arrays;
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

    /** {@code {"t":"2026-11-20T10:00:00Z","value":-1.2345678901234567E-100},}: 63 bytes at the very most. */
    private static final int BYTES_PER_POINT = 64;

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
    @Parameter(name = "deviceId", in = ParameterIn.QUERY, required = true, description = "Device id; repeat (or "
            + "separate by commas) for several (at most fieldlink.dashboard.query.max-devices, default 100)",
            array = @ArraySchema(schema = @Schema(example = "295000000000001")))
    @Parameter(name = "metric", in = ParameterIn.QUERY, required = true, description = "Measurement name; repeat (or "
            + "separate by commas) for several (at most fieldlink.dashboard.query.max-metrics, default 10)",
            array = @ArraySchema(schema = @Schema(example = "temperature")))
    @Parameter(name = "agg", in = ParameterIn.QUERY, description = "Aggregation; repeat (or separate by commas) for "
            + "several (default avg)", array = @ArraySchema(schema = @Schema(allowableValues = {"avg", "min", "max",
            "sum", "count", "p50", "p95", "p99"})))
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "ISO-8601 start, inclusive (default: to minus "
            + "24 h)", schema = @Schema(type = "string", example = "2026-11-01T00:00:00Z"))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "ISO-8601 end, exclusive (default: now)",
            schema = @Schema(type = "string", example = "2026-11-28T00:00:00Z"))
    @Parameter(name = "interval", in = ParameterIn.QUERY, description = "Bucket width: a number and s, m, h or d "
            + "(default: the smallest round width giving at most 300 buckets); rounded up to whole hours for rollups",
            schema = @Schema(type = "string", example = "1h"))
    SeriesSet series(@AuthenticationPrincipal TenantPrincipal caller, HttpServletRequest request,
                     HttpServletResponse response) {
        // the parameters are read from the request as they are: Spring's binding (a data binder and a conversion
        // per parameter, the converter cache comparing annotated type descriptors) was 5-9 % of dashboard-api's CPU
        // per one-device series query (JFR, docs/benchmarks.md)
        List<String> deviceIds = values(request, "deviceId");
        List<String> metrics = values(request, "metric");
        List<String> aggs = values(request, "agg");
        String from = single(request, "from");
        String to = single(request, "to");
        String interval = single(request, "interval");
        MultiSeriesQuery query = MultiSeriesQuery.parse(deviceIds, metrics, aggs, from, to, interval, clock,
                properties.query(), properties.retention());
        SeriesSet answer = queries.series(caller.tenantId(), query);
        holdWhole(answer, response);
        return answer;
    }

    /**
     * A response buffer that holds the whole answer (up to {@code whole-answer-size}): Tomcat then sends it with its
     * {@code Content-Length} in one write instead of 8 KB chunks, each a write of its own that the client reads and
     * decodes (a one-device day is ~26 KB). The estimate holds the longest point text.
     */
    private void holdWhole(SeriesSet answer, HttpServletResponse response) {
        long estimate = 256;
        for (SeriesSet.Item item : answer.series()) {
            estimate += 256 + (long) item.points().size() * BYTES_PER_POINT;
        }
        long limit = properties.query().wholeAnswerSize().toBytes();
        if (estimate > response.getBufferSize() && estimate <= limit) {
            response.setBufferSize((int) estimate);
        }
    }

    /** A parameter given at most once; repeated, it is refused rather than one of its values picked. */
    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values != null && values.length > 1) {
            throw ApiProblemException.invalidParameter(name, "Parameter '" + name + "' must be given at most once.");
        }
        return values == null ? null : values[0];
    }

    /** A repeated parameter's values; one value is split at commas, as Spring binds a list from one value. */
    private static List<String> values(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return null;
        }
        if (values.length == 1) {
            return Arrays.asList(StringUtils.commaDelimitedListToStringArray(values[0]));
        }
        return Arrays.asList(values);
    }
}
