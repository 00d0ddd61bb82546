package io.fieldlink.dashboard.query;

import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.Severity;
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

/**
 * Alerts of the caller's tenant, as projected from {@code iot.alerts.v1}. Read only: acknowledging
 * belongs to rules-service. An alert of another tenant answers 404 exactly like an unknown one.
 */
@RestController
@RequestMapping(path = "/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "alerts", description = "Alerts of the caller's tenant")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "The read model cannot be reached",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class AlertsController {

    static final String ALERT_NOT_FOUND = "alert-not-found";

    private final AlertCommandQueries queries;
    private final DashboardProperties.Query limits;

    AlertsController(AlertCommandQueries queries, DashboardProperties properties) {
        this.queries = queries;
        this.limits = properties.query();
    }

    @GetMapping
    @Operation(summary = "List alerts", description = "Alerts of the caller's tenant, newest first (by the time they "
            + "were raised, then by alert id), each in the state after its newest event. Paged by cursor: pass the "
            + "answer's nextCursor as 'cursor' for the next page.")
    @ApiResponse(responseCode = "200", description = "One page of alerts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = AlertPage.class),
                    examples = @ExampleObject(name = "open", value = """
                    {"items": [
                      {"alertId": "3f0c2a8e-5a7d-3b5e-9d8f-0c1b2a3d4e5f", "deviceId": "295000000000001", "ruleId": "farm-heat",
                       "ruleName": "Field too hot", "severity": "major", "state": "open", "lastEvent": "raised", "sequence": 1,
                       "raisedAt": "2026-11-27T10:03:00Z", "updatedAt": "2026-11-27T10:03:00Z",
                       "trigger": {"measurement": "temperature", "value": 37.9, "condition": "temperature > 35.0 for PT1M",
                                   "threshold": 35.0, "eventTime": "2026-11-27T10:03:00Z"}}],
                     "nextCursor": "MTc2NDIzNzc4MDAwMCwzZjBj"}
                    """)))
    @ApiResponse(responseCode = "400", description = "Invalid parameter; the problem names it in 'parameter'",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    AlertPage alerts(@AuthenticationPrincipal TenantPrincipal caller,
                     @Parameter(description = "Only alerts in this state",
                             schema = @Schema(allowableValues = {"open", "acknowledged", "cleared"}))
                     @RequestParam(required = false) String state,
                     @Parameter(description = "Only alerts of this device", example = "295000000000001")
                     @RequestParam(required = false) String deviceId,
                     @Parameter(description = "Only alerts of this severity",
                             schema = @Schema(allowableValues = {"critical", "major", "minor", "warning", "info"}))
                     @RequestParam(required = false) String severity,
                     @Parameter(description = "Alerts per page (default 50, at most fieldlink.dashboard.query.max-page-size)")
                     @RequestParam(required = false) Integer limit,
                     @Parameter(description = "nextCursor of the previous page; absent for the first page")
                     @RequestParam(required = false) String cursor) {
        AlertCommandQueries.AlertFilter filter = new AlertCommandQueries.AlertFilter(
                Limits.wireName("state", state, AlertStatus.values(), AlertStatus::wireName),
                Limits.optional(deviceId),
                Limits.wireName("severity", severity, Severity.values(), Severity::wireName));
        int pageSize = Limits.limit(limit, limits);
        return queries.alerts(caller.tenantId(), filter, pageSize, Cursor.parse(cursor));
    }

    @GetMapping("/{alertId}")
    @Operation(summary = "One alert", description = "The alert's state after its newest event.")
    @ApiResponse(responseCode = "200", description = "The alert",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = AlertView.class),
                    examples = @ExampleObject(name = "acknowledged", value = """
                    {"alertId": "3f0c2a8e-5a7d-3b5e-9d8f-0c1b2a3d4e5f", "deviceId": "295000000000001", "ruleId": "farm-heat",
                     "ruleName": "Field too hot", "severity": "major", "state": "acknowledged", "lastEvent": "acknowledged",
                     "sequence": 2, "raisedAt": "2026-11-27T10:03:00Z", "updatedAt": "2026-11-27T10:05:00Z",
                     "acknowledgedBy": "farm-ui", "acknowledgedAt": "2026-11-27T10:05:00Z",
                     "trigger": {"measurement": "temperature", "value": 37.9, "condition": "temperature > 35.0 for PT1M",
                                 "threshold": 35.0, "eventTime": "2026-11-27T10:03:00Z"}}
                    """)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such alert",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    AlertView alert(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String alertId) {
        return queries.alert(caller.tenantId(), alertId).orElseThrow(() -> ApiProblemException
                .notFound(ALERT_NOT_FOUND, "No alert '" + alertId + "'.").with("alertId", alertId));
    }
}
