package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/**
 * The caller's devices, their newest readings and time series. Everything is scoped to the tenant of
 * the API key: a device of another tenant answers 404 exactly like one that does not exist.
 */
@RestController
@RequestMapping(path = "/v1/devices", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "devices", description = "Devices of the caller's tenant and their telemetry")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class DevicesController {

    static final String DEVICE_NOT_FOUND = "device-not-found";
    /** OpenSearch's default {@code index.max_result_window}: paging reaches the first 10,000 devices. */
    static final int MAX_RESULT_WINDOW = 10_000;

    private final TelemetryQueries queries;
    private final DashboardProperties.Query limits;
    private final Clock clock;

    DevicesController(TelemetryQueries queries, DashboardProperties properties, Clock clock) {
        this.queries = queries;
        this.limits = properties.query();
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "List and search devices", description = "Devices of the caller's tenant with their registry "
            + "profile (tags, groups, name), online state and newest reading, sorted by device id. The filters combine "
            + "(all must hold) and page like the plain list; 'total' counts the matching devices. Page by 'cursor' "
            + "(nextCursor of the previous page, no depth limit) or by 'page' (the first 10,000 devices).")
    @ApiResponse(responseCode = "200", description = "One page of devices",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = DevicePage.class),
                    examples = @ExampleObject(name = "page", value = """
                    {"items": [
                      {"deviceId": "295050910000001", "displayName": "Greenhouse 1", "tags": ["greenhouse"],
                       "groups": ["field-north"], "online": true, "lastSeen": "2026-11-27T10:01:00Z",
                       "lastMessageId": "c0ffee-2", "measurements": {"temperature": 11.5, "battery": 3.7},
                       "attributes": {"firmware": "1.1"}},
                      {"deviceId": "295050910000002", "displayName": null, "tags": ["greenhouse"], "groups": [],
                       "online": false, "lastSeen": null, "lastMessageId": null, "measurements": {}, "attributes": {}}],
                     "page": 0, "size": 2, "total": 3, "nextCursor": "ZCwyOTUwNTA5MTAwMDAwMDI"}
                    """)))
    @ApiResponse(responseCode = "400", description = "Invalid page, size, cursor, tag, state or q; the problem names it in "
            + "'parameter'",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    DevicePage devices(@AuthenticationPrincipal TenantPrincipal caller,
                       @Parameter(description = "Zero-based page number", schema = @Schema(defaultValue = "0", minimum = "0"))
                       @RequestParam(required = false) Integer page,
                       @Parameter(description = "Devices per page (default 50, at most fieldlink.dashboard.query.max-page-size)")
                       @RequestParam(required = false) Integer size,
                       @Parameter(description = "nextCursor of the previous page: the devices after it (no depth "
                               + "limit, unlike page); not together with page")
                       @RequestParam(required = false) String cursor,
                       @Parameter(description = "Only devices with this tag (the registry's rule: 1 to 64 of "
                               + "A-Z a-z 0-9 . _ : -)", example = "greenhouse")
                       @RequestParam(required = false) String tag,
                       @Parameter(description = "online: a reading within fieldlink.dashboard.query.online-within "
                               + "(default 10 min); offline: none since, or never",
                               schema = @Schema(allowableValues = {"online", "offline"}))
                       @RequestParam(required = false) String state,
                       @Parameter(description = "Prefix of the device id (exact case) or of its display name (any "
                               + "case), 1 to 128 characters", example = "2950509")
                       @RequestParam(required = false) String q) {
        DeviceCursor after = DeviceCursor.parse(cursor);
        if (after != null && page != null && page != 0) {
            throw ApiProblemException.invalidParameter("page", "Parameter 'page' cannot be combined with 'cursor'.");
        }
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? limits.defaultPageSize() : size;
        if (pageNumber < 0) {
            throw ApiProblemException.invalidParameter("page", "Parameter 'page' must be 0 or more.");
        }
        if (pageSize < 1 || pageSize > limits.maxPageSize()) {
            throw ApiProblemException.invalidParameter("size",
                    "Parameter 'size' must be between 1 and " + limits.maxPageSize() + ".");
        }
        if ((long) pageNumber * pageSize + pageSize > MAX_RESULT_WINDOW) {
            throw ApiProblemException.invalidParameter("page",
                    "Paging reaches at most the first " + MAX_RESULT_WINDOW + " devices.");
        }
        DeviceFilter filter = DeviceFilter.parse(tag, state, q, clock, limits.onlineWithin());
        return queries.devices(caller.tenantId(), filter, pageNumber, pageSize, after);
    }

    @GetMapping("/{deviceId}")
    @Operation(summary = "One device", description = "The device as the list shows it (profile, online state, newest "
            + "values), plus when and how its newest reading arrived. A device known only from the registry has no "
            + "reading yet: lastSeen null, offline.")
    @ApiResponse(responseCode = "200", description = "The device",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = DeviceDetails.class),
                    examples = @ExampleObject(name = "device", value = """
                    {"deviceId": "295050910000001", "displayName": "Greenhouse 1", "tags": ["greenhouse"],
                     "groups": ["field-north"], "online": true, "lastSeen": "2026-11-27T10:01:00Z",
                     "lastMessageId": "c0ffee-2", "receivedTime": "2026-11-27T10:01:00.250Z",
                     "sourceProtocol": "beam-http", "measurements": {"temperature": 11.5, "battery": 3.7},
                     "attributes": {"firmware": "1.1"}}
                    """)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such device",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    DeviceDetails device(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String deviceId) {
        return queries.device(caller.tenantId(), deviceId, clock.instant().minus(limits.onlineWithin()))
                .orElseThrow(() -> deviceNotFound(deviceId));
    }

    @GetMapping("/{deviceId}/latest")
    @Operation(summary = "Newest reading of a device")
    @ApiResponse(responseCode = "200", description = "The newest reading (by event time)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = LatestReading.class),
                    examples = @ExampleObject(name = "latest", value = """
                    {"deviceId": "295050910000001", "messageId": "c0ffee-2", "eventTime": "2026-11-27T10:01:00Z",
                     "receivedTime": "2026-11-27T10:01:00.250Z", "sourceProtocol": "beam-http",
                     "measurements": {"temperature": 11.5, "battery": 3.7}, "attributes": {"firmware": "1.1"}}
                    """)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such device",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    LatestReading latest(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String deviceId) {
        return queries.latest(caller.tenantId(), deviceId).orElseThrow(() -> deviceNotFound(deviceId));
    }

    @GetMapping("/{deviceId}/series")
    @Operation(summary = "Time series of one metric",
            description = "Readings with event time in [from, to) cut into buckets of a fixed interval (aligned to "
                    + "multiples of the interval since the epoch, UTC) and aggregated per bucket. A bucket without "
                    + "readings of the metric has value null (count: 0).")
    @ApiResponse(responseCode = "200", description = "One point per bucket, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = Series.class),
                    examples = @ExampleObject(name = "series", value = """
                    {"deviceId": "295050910000001", "metric": "temperature", "agg": "avg", "interval": "30m",
                     "from": "2026-11-27T10:00:00Z", "to": "2026-11-27T12:00:00Z",
                     "points": [{"t": "2026-11-27T10:00:00Z", "value": 20.0}, {"t": "2026-11-27T10:30:00Z", "value": 45.25},
                                {"t": "2026-11-27T11:00:00Z", "value": null}, {"t": "2026-11-27T11:30:00Z", "value": 100.0}]}
                    """)))
    @ApiResponse(responseCode = "400", description = "Invalid parameter; the problem names it in 'parameter'",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such device",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    Series series(@AuthenticationPrincipal TenantPrincipal caller,
                  @PathVariable String deviceId,
                  @Parameter(description = "Measurement name, [A-Za-z0-9_.-]+", required = true, example = "temperature")
                  @RequestParam(required = false) String metric,
                  @Parameter(description = "ISO-8601 start, inclusive (default: to minus 24 h, or minus "
                          + "(max-buckets - 1) intervals when the given interval is too fine for 24 h)",
                          example = "2026-11-27T00:00:00Z")
                  @RequestParam(required = false) String from,
                  @Parameter(description = "ISO-8601 end, exclusive (default: now)", example = "2026-11-28T00:00:00Z")
                  @RequestParam(required = false) String to,
                  @Parameter(description = "Bucket width: a number and s, m, h or d (default: the smallest round "
                          + "width giving at most 300 buckets)", example = "5m")
                  @RequestParam(required = false) String interval,
                  @Parameter(description = "Aggregation per bucket", schema = @Schema(defaultValue = "avg",
                          allowableValues = {"avg", "min", "max", "sum", "count", "p50", "p95", "p99"}))
                  @RequestParam(required = false) String agg) {
        SeriesQuery query = SeriesQuery.parse(deviceId, metric, from, to, interval, agg, clock, limits);
        return queries.series(caller.tenantId(), query).orElseThrow(() -> deviceNotFound(deviceId));
    }

    private static ApiProblemException deviceNotFound(String deviceId) {
        return ApiProblemException.notFound(DEVICE_NOT_FOUND, "No device '" + deviceId + "'.")
                .with("deviceId", deviceId);
    }
}
