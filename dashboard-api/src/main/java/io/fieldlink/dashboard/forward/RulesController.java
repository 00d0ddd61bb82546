package io.fieldlink.dashboard.forward;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;

/**
 * The tenant's rules, on the same paths as rules-service, which owns them: reads and writes are both
 * forwarded (rules are not part of this service's read model, and a rule just written must read back at
 * once). Reading needs {@code viewer}; creating, replacing and deleting need {@code admin} (see
 * {@code AccessConfiguration}); rules-service checks the key and the tenant again. Bodies, ETag /
 * If-Match revisions and problems pass through unchanged: the schema is rules-service's (docs/rules.md).
 */
@RestController
@Tag(name = "rules", description = "The tenant's rules, forwarded to rules-service")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The key's role may not do this (writes need admin)",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "rules-service cannot be reached (upstream-unavailable)",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class RulesController {

    private static final String RULES = "/v1/rules";

    private final Upstreams upstreams;

    RulesController(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @GetMapping(RULES)
    @Operation(summary = "List rules", description = "rules-service's GET /v1/rules: the tenant's rules by id.")
    @ApiResponse(responseCode = "200", description = "The rules",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(type = "object", description = "rules-service's answer: {items: [rule]} (docs/rules.md)"),
                    examples = @ExampleObject(name = "rules", value = """
                    {"items": [
                      {"ruleId": "farm-heat", "revision": 1, "name": "Field too hot", "enabled": true, "severity": "major",
                       "scope": {}, "condition": {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 35,
                       "for": "PT1M"}, "clear": {"type": "threshold", "measurement": "temperature", "operator": "<", "value": 30},
                       "actions": {"onRaise": {"name": "sprinkler", "parameters": {"state": "on"}}},
                       "createdAt": "2026-11-27T09:00:00Z", "updatedAt": "2026-11-27T09:00:00Z"}]}
                    """)))
    ResponseEntity<byte[]> list(@RequestHeader HttpHeaders headers) {
        return upstreams.rules().send("GET", RULES, headers, null);
    }

    @GetMapping(RULES + "/{ruleId}")
    @Operation(summary = "One rule", description = "rules-service's GET /v1/rules/{ruleId}; ETag is its revision.")
    @ApiResponse(responseCode = "200", description = "The rule",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(type = "object", description = "rules-service's rule (docs/rules.md)"),
                    examples = @ExampleObject(name = "rule", value = """
                    {"ruleId": "farm-heat", "revision": 3, "name": "Field too hot", "enabled": true, "severity": "major",
                     "scope": {"tag": "greenhouse"}, "condition": {"type": "threshold", "measurement": "temperature",
                     "operator": ">", "value": 35, "for": "PT1M"},
                     "notifications": {"email": {"to": ["farmer@example.com"], "language": "ja"}},
                     "createdAt": "2026-11-27T09:00:00Z", "updatedAt": "2026-11-27T11:30:00Z"}
                    """)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such rule (rule-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> get(@PathVariable String ruleId, @RequestHeader HttpHeaders headers) {
        return upstreams.rules().send("GET", rulePath(ruleId), headers, null);
    }

    @PostMapping(RULES)
    @Operation(summary = "Create a rule", description = "rules-service's POST /v1/rules (201 with Location and "
            + "ETag, 400 invalid-rule naming each bad field, 409 too-many-rules).")
    @ApiResponse(responseCode = "201", description = "Created")
    ResponseEntity<byte[]> create(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
        return upstreams.rules().send("POST", RULES, headers, body);
    }

    @PutMapping(RULES + "/{ruleId}")
    @Operation(summary = "Create or replace a rule", description = "rules-service's PUT /v1/rules/{ruleId}; send "
            + "If-Match with the revision it is based on; \"enabled\": false disables the rule.")
    @ApiResponse(responseCode = "200", description = "Replaced")
    ResponseEntity<byte[]> put(@PathVariable String ruleId,
                               @Parameter(description = "Revision the change is based on, e.g. \"3\"")
                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                               @RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
        return upstreams.rules().send("PUT", rulePath(ruleId), headers, body);
    }

    @DeleteMapping(RULES + "/{ruleId}")
    @Operation(summary = "Delete a rule", description = "rules-service's DELETE /v1/rules/{ruleId}; its open "
            + "alerts clear.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<byte[]> delete(@PathVariable String ruleId,
                                  @Parameter(description = "Revision the deletion is based on, e.g. \"3\"")
                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                  @RequestHeader HttpHeaders headers) {
        return upstreams.rules().send("DELETE", rulePath(ruleId), headers, null);
    }

    private static String rulePath(String ruleId) {
        return RULES + "/" + UriUtils.encodePathSegment(ruleId, StandardCharsets.UTF_8);
    }
}
