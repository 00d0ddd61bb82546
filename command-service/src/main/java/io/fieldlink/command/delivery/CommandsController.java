package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.lifecycle.Acceptance;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * Commands to the caller's devices: request one, follow it, list a device's. Everything is scoped to the tenant of
 * the API key; another tenant's device or command answers 404 like an unknown one.
 */
@RestController
@Tag(name = "commands", description = "Commands to the caller's devices and their status")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "Commands still loading (commands-loading), or Kafka is not storing "
        + "transitions (journal-unavailable); Retry-After says when to retry",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class CommandsController {

    private final CommandDesk desk;
    private final CommandRequestRules rules;
    private final CommandProperties.Api limits;

    CommandsController(CommandDesk desk, CommandProperties properties) {
        this.desk = desk;
        this.rules = new CommandRequestRules(properties.api(), properties.lwm2m().enabled());
        this.limits = properties.api();
    }

    @PostMapping(path = "/v1/devices/{deviceId}/commands", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Request a command", description = "Queues a command for the device and sends it when it "
            + "is the device's next one. With an Idempotency-Key a retried POST returns the first command.")
    @ApiResponse(responseCode = "202", description = "Accepted; Location is the command")
    @ApiResponse(responseCode = "400", description = "A bad field (invalid-command, violations name each)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "Not a device of the caller (device-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used for a different command",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The transport is not available (transport-unavailable)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<CommandView> post(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String deviceId,
                                     @Parameter(description = "Makes the POST repeatable: the same key for the same "
                                             + "device gives the same command")
                                     @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                     @RequestBody CommandRequestBody body) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 256)) {
            throw ApiProblemException.invalidParameter("Idempotency-Key",
                    "Header 'Idempotency-Key' must be 1 to 256 characters.");
        }
        CommandRequestRules.Checked checked = rules.check(body);
        Acceptance acceptance = desk.post(caller.tenantId(), caller.keyId(), deviceId, checked, idempotencyKey);
        return ResponseEntity.accepted().location(URI.create("/v1/commands/" + acceptance.command().commandId()))
                .body(CommandView.of(acceptance.command()));
    }

    @GetMapping(path = "/v1/devices/{deviceId}/commands", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A device's commands", description = "Its retained commands, newest first.")
    @ApiResponse(responseCode = "200", description = "The commands")
    @ApiResponse(responseCode = "404", description = "Not a device of the caller (device-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    List<CommandView> list(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String deviceId,
                           @Parameter(description = "At most this many, 1 to max-list-limit")
                           @RequestParam(required = false) Integer limit) {
        int size = limit == null ? Math.min(limits.defaultListLimit(), limits.maxListLimit()) : limit;
        if (size < 1 || size > limits.maxListLimit()) {
            throw ApiProblemException.invalidParameter("limit",
                    "Parameter 'limit' must be 1 to " + limits.maxListLimit() + ".");
        }
        return desk.commandsOf(caller.tenantId(), deviceId, size).stream().map(CommandView::of).toList();
    }

    @GetMapping(path = "/v1/commands/{commandId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One command", description = "Its latest status.")
    @ApiResponse(responseCode = "200", description = "The command")
    @ApiResponse(responseCode = "404", description = "Unknown, forgotten, or another tenant's (command-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    CommandView get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String commandId) {
        return CommandView.of(desk.find(caller.tenantId(), commandId));
    }
}
