package io.fieldlink.rules.api;

import io.fieldlink.contracts.AlertAcknowledgeRequested;
import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.rules.alerts.AlertBook;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.UUID;

/**
 * The caller's alerts, read from the alert book (the latest event of each alert), and acknowledgements.
 * Another tenant's alert answers 404 exactly like one that does not exist. An acknowledgement is a request
 * to the Streams app, which owns the alert's state: it answers 202 and the alert shows {@code acknowledged}
 * once the app has applied it.
 */
@RestController
@RequestMapping(path = "/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "alerts", description = "Alerts of the caller's tenant")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class AlertsController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final int MAX_NOTE = 1_000;

    private final AlertBook alerts;
    private final AlertAckPublisher acks;
    private final Clock clock;

    AlertsController(AlertBook alerts, AlertAckPublisher acks, ObjectProvider<Clock> clock) {
        this.alerts = alerts;
        this.acks = acks;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping
    @Operation(summary = "List alerts", description = "The tenant's alerts, newest raisedAt first.")
    @ApiResponse(responseCode = "200", description = "The alerts")
    @ApiResponse(responseCode = "400", description = "Invalid state, deviceId or limit; 'parameter' names it",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    AlertList list(@AuthenticationPrincipal TenantPrincipal caller,
                   @Parameter(description = "Only alerts in this state", schema = @Schema(
                           allowableValues = {"open", "acknowledged", "cleared"}))
                   @RequestParam(required = false) String state,
                   @Parameter(description = "Only this device's alerts")
                   @RequestParam(required = false) String deviceId,
                   @Parameter(description = "At most this many (default 100, at most 1000)",
                           schema = @Schema(defaultValue = "100", minimum = "1", maximum = "1000"))
                   @RequestParam(required = false) Integer limit) {
        AlertStatus status = state == null ? null : switch (state) {
            case "open" -> AlertStatus.OPEN;
            case "acknowledged" -> AlertStatus.ACKNOWLEDGED;
            case "cleared" -> AlertStatus.CLEARED;
            default -> throw ApiProblemException.invalidParameter("state",
                    "Parameter 'state' must be open, acknowledged or cleared.");
        };
        if (deviceId != null && !RuleValidator.DEVICE_ID.matcher(deviceId).matches()) {
            throw ApiProblemException.invalidParameter("deviceId",
                    "Parameter 'deviceId' must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        }
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw ApiProblemException.invalidParameter("limit",
                    "Parameter 'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        return new AlertList(alerts.list(caller.tenantId(), status, deviceId, max).stream()
                .map(AlertView::of).toList());
    }

    @GetMapping("/{alertId}")
    @Operation(summary = "One alert")
    @ApiResponse(responseCode = "200", description = "The alert as of its latest event")
    @ApiResponse(responseCode = "404", description = "The tenant has no such alert (alert-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    AlertView get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String alertId) {
        return AlertView.of(find(caller, alertId));
    }

    @PostMapping("/{alertId}/ack")
    @Operation(summary = "Acknowledge an alert",
            description = "Asks for the alert to be acknowledged by the caller's API key. Answers 202 with the alert "
                    + "as it is now; it turns acknowledged once the evaluator has applied the request. An alert that "
                    + "is already acknowledged answers 200 and nothing is sent.")
    @ApiResponse(responseCode = "202", description = "Acknowledgement requested")
    @ApiResponse(responseCode = "200", description = "Already acknowledged; nothing changed")
    @ApiResponse(responseCode = "400", description = "Note too long or body not JSON",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such alert (alert-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The alert is cleared (alert-cleared)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The request could not be stored in time (write-unavailable)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<AlertView> acknowledge(@AuthenticationPrincipal TenantPrincipal caller,
                                          @PathVariable String alertId,
                                          @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                                                  content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                                          examples = @ExampleObject(name = "note",
                                                                  value = "{\"note\": \"Vents opened, watching it\"}")))
                                          @RequestBody(required = false) AckRequest body) {
        String note = body == null ? null : body.note();
        if (note != null && note.length() > MAX_NOTE) {
            throw ApiProblemException.invalidParameter("note", "The note must be at most " + MAX_NOTE + " characters.");
        }
        AlertEvent alert = find(caller, alertId);
        switch (alert.status()) {
            case CLEARED -> throw ApiProblems.alertCleared(alertId);
            case ACKNOWLEDGED -> {
                return ResponseEntity.ok(AlertView.of(alert));
            }
            case OPEN -> {
            }
        }
        acks.publish(new AlertAcknowledgeRequested(UUID.randomUUID().toString(), caller.tenantId(), alert.deviceId(),
                alertId, caller.keyId(), clock.instant(), note));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(AlertView.of(alert));
    }

    private AlertEvent find(TenantPrincipal caller, String alertId) {
        return alerts.find(alertId)
                .filter(alert -> alert.tenantId().equals(caller.tenantId()))
                .orElseThrow(() -> ApiProblems.alertNotFound(alertId));
    }
}
