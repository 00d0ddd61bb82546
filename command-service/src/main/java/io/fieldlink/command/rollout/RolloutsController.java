package io.fieldlink.command.rollout;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
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
import java.util.Map;

/**
 * Rollouts of the caller's artifacts to the caller's devices: start one, follow it, list them. Scoped to the tenant
 * of the API key; another tenant's rollout answers 404 like an unknown one.
 */
@RestController
@Tag(name = "rollouts", description = "Firmware and model rollouts to device groups, in batches")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "Rollouts still loading (rollouts-loading), or Kafka did not store "
        + "the rollout (rollouts-unavailable); Retry-After says when to retry",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class RolloutsController {

    private final RolloutCoordinator coordinator;
    private final RolloutRequestRules rules;
    private final CommandProperties.Rollouts settings;

    RolloutsController(RolloutCoordinator coordinator, CommandProperties properties) {
        this.coordinator = coordinator;
        this.rules = new RolloutRequestRules(properties.rollouts(), properties.api());
        this.settings = properties.rollouts();
    }

    @PostMapping(path = "/v1/rollouts", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a rollout", description = "Sends the artifact to a group (or a list) of the caller's "
            + "devices in batches, one firmware.update command per device; halts at failureThreshold failed devices. "
            + "With an Idempotency-Key a retried POST returns the first rollout.")
    @ApiResponse(responseCode = "201", description = "Created and started; Location is the rollout")
    @ApiResponse(responseCode = "200", description = "The rollout of an earlier POST with this Idempotency-Key")
    @ApiResponse(responseCode = "400", description = "A bad field (invalid-rollout, violations name each)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "Not an artifact of the caller (artifact-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used for a different rollout",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The group has no devices (no-devices)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RolloutView> post(@AuthenticationPrincipal TenantPrincipal caller,
                                     @Parameter(description = "Makes the POST repeatable")
                                     @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                     @RequestBody RolloutRequestBody body) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 256)) {
            throw ApiProblemException.invalidParameter("Idempotency-Key",
                    "Header 'Idempotency-Key' must be 1 to 256 characters.");
        }
        RolloutRequestRules.Checked checked = rules.check(body);
        RolloutCoordinator.Created created = coordinator.create(caller.tenantId(), caller.keyId(), checked,
                idempotencyKey);
        return ResponseEntity.status(created.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/v1/rollouts/" + created.rollout().rolloutId()))
                .body(RolloutView.full(created.rollout()));
    }

    @GetMapping(path = "/v1/rollouts", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The caller's rollouts", description = "Newest first, with counts (no per-device detail).")
    @ApiResponse(responseCode = "200", description = "The rollouts")
    Map<String, List<RolloutView>> list(@AuthenticationPrincipal TenantPrincipal caller,
                                        @Parameter(description = "At most this many, 1 to max-list-limit")
                                        @RequestParam(required = false) Integer limit) {
        int size = limit == null ? Math.min(settings.defaultListLimit(), settings.maxListLimit()) : limit;
        if (size < 1 || size > settings.maxListLimit()) {
            throw ApiProblemException.invalidParameter("limit",
                    "Parameter 'limit' must be 1 to " + settings.maxListLimit() + ".");
        }
        return Map.of("items", coordinator.list(caller.tenantId(), size).stream().map(RolloutView::summary).toList());
    }

    @GetMapping(path = "/v1/rollouts/{rolloutId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One rollout", description = "Status, counts, batches and every device's progress.")
    @ApiResponse(responseCode = "200", description = "The rollout")
    @ApiResponse(responseCode = "404", description = "Unknown or another tenant's (rollout-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    RolloutView get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String rolloutId) {
        return RolloutView.full(coordinator.find(caller.tenantId(), rolloutId));
    }
}
