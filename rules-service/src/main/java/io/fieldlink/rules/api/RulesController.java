package io.fieldlink.rules.api;

import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.support.security.TenantPrincipal;
import io.fieldlink.support.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * The caller's rules. Everything is scoped to the tenant of the API key: another tenant's rule answers 404
 * exactly like one that does not exist. Every rule response carries the revision as a strong {@code ETag};
 * {@code PUT} and {@code DELETE} honour {@code If-Match}. Disabling a rule is a {@code PUT} with
 * {@code "enabled": false}.
 */
@RestController
@RequestMapping(path = "/v1/rules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "rules", description = "Alert rules of the caller's tenant")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class RulesController {

    static final String RULE_EXAMPLE = """
            {
              "name": "Greenhouse too hot",
              "severity": "major",
              "scope": {"tag": "greenhouse"},
              "condition": {"type": "threshold", "measurement": "temperature", "operator": ">", "value": 35, "for": "PT1M"},
              "clear": {"type": "threshold", "measurement": "temperature", "operator": "<", "value": 30},
              "notifications": {
                "webhook": {"url": "https://hooks.example.com/fieldlink", "secret": "change-me-0123456789"},
                "email": {"to": ["farmer@example.com"], "language": "ja"},
                "on": ["raised", "cleared"],
                "reminder": "PT1H"
              },
              "actions": {"onRaise": {"name": "sprinkler", "parameters": {"state": "on"}}, "cooldown": "PT5M"}
            }""";

    private final RuleCatalog catalog;
    private final RuleWrites writes;

    RulesController(RuleCatalog catalog, RuleWrites writes) {
        this.catalog = catalog;
        this.writes = writes;
    }

    @GetMapping
    @Operation(summary = "List rules", description = "All rules of the caller's tenant, ordered by rule id.")
    @ApiResponse(responseCode = "200", description = "The rules")
    RuleList list(@AuthenticationPrincipal TenantPrincipal caller) {
        return new RuleList(catalog.list(caller.tenantId()).stream().map(RuleView::of).toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a rule", description = "Stores a new rule with a server-made id; it is evaluated "
            + "from the next reading on, without a restart.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the rule, ETag is its revision")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, unknown condition type, or an invalid rule "
            + "(type invalid-rule, 'violations' names each bad field)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The tenant has the maximum number of rules (too-many-rules)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The rule could not be stored in time (write-unavailable)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RuleView> create(@AuthenticationPrincipal TenantPrincipal caller,
                                    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            examples = @ExampleObject(name = "threshold", value = RULE_EXAMPLE)))
                                    @RequestBody RuleSpec spec) {
        Rule rule = writes.create(caller.tenantId(), spec);
        return ResponseEntity.created(location(rule)).eTag(IfMatch.etag(rule.revision())).body(RuleView.of(rule));
    }

    @GetMapping("/{ruleId}")
    @Operation(summary = "One rule")
    @ApiResponse(responseCode = "200", description = "The rule; ETag is its revision")
    @ApiResponse(responseCode = "404", description = "The tenant has no such rule (rule-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RuleView> get(@AuthenticationPrincipal TenantPrincipal caller,
                                 @Parameter(description = "Rule id, [A-Za-z0-9._-]{1,64}") @PathVariable String ruleId) {
        RuleWrites.requireRuleId(ruleId);
        Rule rule = catalog.find(caller.tenantId(), ruleId).orElseThrow(() -> ApiProblems.ruleNotFound(ruleId));
        return ResponseEntity.ok().eTag(IfMatch.etag(rule.revision())).body(RuleView.of(rule));
    }

    @PutMapping(path = "/{ruleId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create or replace a rule",
            description = "Creates the rule under this id (201) or replaces it (200, revision + 1, createdAt kept). "
                    + "Send \"enabled\": false to disable a rule without deleting it. A webhook without a secret "
                    + "keeps the stored secret when its URL is unchanged.")
    @ApiResponse(responseCode = "200", description = "Replaced; ETag is the new revision")
    @ApiResponse(responseCode = "201", description = "Created; ETag is its revision")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, bad rule id, or an invalid rule (invalid-rule)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Creating it would exceed the tenant's rule limit",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not match the current revision "
            + "(revision-mismatch)", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The rule could not be stored in time (write-unavailable)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RuleView> put(@AuthenticationPrincipal TenantPrincipal caller,
                                 @Parameter(description = "Rule id, [A-Za-z0-9._-]{1,64}") @PathVariable String ruleId,
                                 @Parameter(description = "Revision the change is based on, e.g. \"3\"")
                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                 @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                         mediaType = MediaType.APPLICATION_JSON_VALUE,
                                         examples = @ExampleObject(name = "threshold", value = RULE_EXAMPLE)))
                                 @RequestBody RuleSpec spec) {
        RuleWrites.Written written = writes.upsert(caller.tenantId(), ruleId, spec, IfMatch.parse(ifMatch));
        Rule rule = written.rule();
        ResponseEntity.BodyBuilder response = written.created()
                ? ResponseEntity.created(location(rule)) : ResponseEntity.status(HttpStatus.OK);
        return response.eTag(IfMatch.etag(rule.revision())).body(RuleView.of(rule));
    }

    @DeleteMapping("/{ruleId}")
    @Operation(summary = "Delete a rule", description = "Its open alerts clear with reason rule-deleted.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "The tenant has no such rule (rule-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not match the current revision",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The deletion could not be stored in time",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> delete(@AuthenticationPrincipal TenantPrincipal caller,
                                @Parameter(description = "Rule id, [A-Za-z0-9._-]{1,64}") @PathVariable String ruleId,
                                @Parameter(description = "Revision the deletion is based on, e.g. \"3\"")
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        writes.delete(caller.tenantId(), ruleId, IfMatch.parse(ifMatch));
        return ResponseEntity.noContent().build();
    }

    /** Relative, so it stays right behind a proxy that rewrites the host. */
    private static URI location(Rule rule) {
        return URI.create("/v1/rules/" + rule.ruleId());
    }
}
