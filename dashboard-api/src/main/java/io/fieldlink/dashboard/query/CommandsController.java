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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Device commands of the caller's tenant and their status, as projected from {@code iot.command-status.v1}.
 * Read only: sending belongs to command-service. A command of another tenant answers 404 exactly like
 * an unknown one.
 */
@RestController
@Tag(name = "commands", description = "Device commands of the caller's tenant and their status")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "The read model cannot be reached",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class CommandsController {

    static final String COMMAND_NOT_FOUND = "command-not-found";

    private final AlertCommandQueries queries;
    private final TelemetryQueries telemetry;
    private final DashboardProperties.Query limits;

    CommandsController(AlertCommandQueries queries, TelemetryQueries telemetry, DashboardProperties properties) {
        this.queries = queries;
        this.telemetry = telemetry;
        this.limits = properties.query();
    }

    @GetMapping(path = "/v1/devices/{deviceId}/commands", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Commands of a device", description = "The device's commands, newest first (by the time "
            + "they were requested, then by command id), each in the state after its newest transition. Paged by "
            + "cursor: pass the answer's nextCursor as 'cursor' for the next page.")
    @ApiResponse(responseCode = "200", description = "One page of commands",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = CommandPage.class),
                    examples = @ExampleObject(name = "executed", value = """
                    {"items": [
                      {"commandId": "3f0c2a8e-5a7d-3b5e-9d8f-0c1b2a3d4e5f:raised", "deviceId": "295000000000001",
                       "name": "sprinkler", "parameters": {"state": "on"}, "transport": "mqtt", "status": "executed",
                       "attempt": 1, "sequence": 4, "result": {"valve": "open"}, "requestedAt": "2026-11-27T10:03:00Z",
                       "expiresAt": "2026-11-27T11:03:00Z", "updatedAt": "2026-11-27T10:03:01.200Z",
                       "origin": "rule:farm-heat:3f0c2a8e-5a7d-3b5e-9d8f-0c1b2a3d4e5f:raised"}],
                     "nextCursor": null}
                    """)))
    @ApiResponse(responseCode = "400", description = "Invalid parameter; the problem names it in 'parameter'",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "The tenant has neither telemetry nor commands of this device",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    CommandPage deviceCommands(@AuthenticationPrincipal TenantPrincipal caller,
                               @PathVariable String deviceId,
                               @Parameter(description = "Commands per page (default 50, at most "
                                       + "fieldlink.dashboard.query.max-page-size)")
                               @RequestParam(required = false) Integer limit,
                               @Parameter(description = "nextCursor of the previous page; absent for the first page")
                               @RequestParam(required = false) String cursor) {
        int pageSize = Limits.limit(limit, limits);
        Cursor after = Cursor.parse(cursor);
        CommandPage page = queries.commands(caller.tenantId(), deviceId, pageSize, after);
        // a device is known by its telemetry or by its commands (a device may be commanded before it reports)
        if (after == null && page.items().isEmpty() && telemetry.latest(caller.tenantId(), deviceId).isEmpty()) {
            throw ApiProblemException.notFound(DevicesController.DEVICE_NOT_FOUND, "No device '" + deviceId + "'.")
                    .with("deviceId", deviceId);
        }
        return page;
    }

    @GetMapping(path = "/v1/commands/{commandId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One command", description = "The command's state after its newest transition.")
    @ApiResponse(responseCode = "200", description = "The command",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = CommandView.class),
                    examples = @ExampleObject(name = "sent", value = """
                    {"commandId": "6b1d9c2e-0f4a-4e8b-9a51-2d7c3e8f1a20", "deviceId": "295000000000001", "name": "sprinkler",
                     "parameters": {"state": "off"}, "transport": "mqtt", "status": "sent", "attempt": 1, "sequence": 2,
                     "requestedAt": "2026-11-27T10:10:00Z", "expiresAt": "2026-11-27T11:10:00Z",
                     "updatedAt": "2026-11-27T10:10:00.150Z", "origin": "api:farm-ui"}
                    """)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such command",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    CommandView command(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String commandId) {
        return queries.command(caller.tenantId(), commandId).orElseThrow(() -> ApiProblemException
                .notFound(COMMAND_NOT_FOUND, "No command '" + commandId + "'.").with("commandId", commandId));
    }
}
