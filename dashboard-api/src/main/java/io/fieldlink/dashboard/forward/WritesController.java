package io.fieldlink.dashboard.forward;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;

/**
 * The writes of the dashboard API. Nothing is written here: each is forwarded to the service that owns
 * it, on the same path, with the caller's API key, and the owner's answer is returned as it is. Only
 * keys with role {@code operator} or {@code admin} get this far (see {@code AccessConfiguration}); the
 * owner checks the key and the tenant again.
 */
@RestController
@Tag(name = "writes", description = "Commands and acknowledgements, forwarded to the owning service")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The key's role may not write (viewer)",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "The owning service cannot be reached (upstream-unavailable)",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class WritesController {

    private final Upstreams upstreams;

    WritesController(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @PostMapping("/v1/devices/{deviceId}/commands")
    @Operation(summary = "Send a command", description = "Forwarded to command-service's POST "
            + "/v1/devices/{deviceId}/commands with the same body, Authorization and Idempotency-Key; its status "
            + "(202 with Location: /v1/commands/{id}), body and problems come back unchanged. See docs/commands.md.")
    @ApiResponse(responseCode = "202", description = "The command as command-service accepted it")
    ResponseEntity<byte[]> sendCommand(@PathVariable String deviceId,
                                       @Parameter(description = "Makes a retried POST return the first command")
                                       @RequestHeader(name = Upstream.IDEMPOTENCY_KEY, required = false)
                                       String idempotencyKey,
                                       @RequestHeader HttpHeaders headers,
                                       @RequestBody(required = false) byte[] body) {
        return upstreams.commands().post("/v1/devices/" + segment(deviceId) + "/commands", headers, body);
    }

    @PostMapping("/v1/alerts/{alertId}/ack")
    @Operation(summary = "Acknowledge an alert", description = "Forwarded to rules-service's POST "
            + "/v1/alerts/{alertId}/ack with the same optional body {\"note\": \"...\"} and Authorization; its "
            + "status (202, 200 or 409), body and problems come back unchanged. See docs/rules.md.")
    @ApiResponse(responseCode = "202", description = "The acknowledgement was requested")
    ResponseEntity<byte[]> acknowledgeAlert(@PathVariable String alertId,
                                            @RequestHeader HttpHeaders headers,
                                            @RequestBody(required = false) byte[] body) {
        return upstreams.rules().post("/v1/alerts/" + segment(alertId) + "/ack", headers, body);
    }

    private static String segment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }
}
