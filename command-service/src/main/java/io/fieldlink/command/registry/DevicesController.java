package io.fieldlink.command.registry;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.support.problem.ApiProblemException;
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
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The caller's devices. Everything is scoped to the tenant of the API key: another tenant's device answers 404
 * exactly like one that does not exist. Devices appear by themselves when they first send (or register over
 * LwM2M); a client edits them, it never creates them. Every device response carries the revision as a strong
 * {@code ETag}; {@code PATCH} honours {@code If-Match}.
 */
@RestController
@RequestMapping(path = "/v1/devices", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "devices", description = "The device registry of the caller's tenant")
@ApiResponse(responseCode = "401", description = "No or unknown API key",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "The registry is still loading (registry-loading), or a change "
        + "could not be stored in time (write-unavailable); Retry-After says when to retry",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class DevicesController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    private static final String PATCH_EXAMPLE = """
            {"displayName": "North field, row 7", "tags": ["greenhouse", "potato"], "groups": ["field-north"],
             "metadata": {"installedBy": "tanaka", "obsoleteKey": null}}""";

    private final DeviceRegistry registry;
    private final CommandProperties.Registry settings;

    DevicesController(DeviceRegistry registry, CommandProperties properties) {
        this.registry = registry;
        this.settings = properties.registry();
    }

    @GetMapping
    @Operation(summary = "List devices", description = "The tenant's devices sorted by device id, a page at a time; "
            + "'next' in the body is the cursor of the following page.")
    @ApiResponse(responseCode = "200", description = "A page of devices")
    @ApiResponse(responseCode = "400", description = "Bad tag, group, limit or cursor (invalid-parameter)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    DeviceList list(@AuthenticationPrincipal TenantPrincipal caller,
                    @Parameter(description = "Only devices with this tag") @RequestParam(required = false) String tag,
                    @Parameter(description = "Only devices in this group") @RequestParam(required = false) String group,
                    @Parameter(description = "Devices per page, 1 to max-page-size (default 1000); default 100")
                    @RequestParam(required = false) Integer limit,
                    @Parameter(description = "'next' of the previous page") @RequestParam(required = false) String cursor) {
        requireLabel("tag", tag);
        requireLabel("group", group);
        int size = limit == null ? Math.min(settings.defaultPageSize(), settings.maxPageSize()) : limit;
        if (size < 1 || size > settings.maxPageSize()) {
            throw ApiProblemException.invalidParameter("limit",
                    "Parameter 'limit' must be 1 to " + settings.maxPageSize() + ".");
        }
        DevicePage page = registry.list(caller.tenantId(), tag, group, size, PageCursor.decode(cursor));
        return new DeviceList(page.items().stream().map(DeviceView::of).toList(),
                page.lastOfPage() == null ? null : PageCursor.encode(page.lastOfPage()));
    }

    @GetMapping("/{deviceId}")
    @Operation(summary = "One device")
    @ApiResponse(responseCode = "200", description = "The device; ETag is its revision")
    @ApiResponse(responseCode = "404", description = "The tenant has no such device (device-not-found)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DeviceView> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String deviceId) {
        Device device = registry.find(caller.tenantId(), deviceId)
                .orElseThrow(() -> ApiProblems.deviceNotFound(deviceId));
        return ResponseEntity.ok().eTag(IfMatch.etag(device.revision())).body(DeviceView.of(device));
    }

    @PatchMapping(path = "/{deviceId}", consumes = MERGE_PATCH_JSON)
    @Operation(summary = "Edit a device", description = "A JSON merge patch (RFC 7396) of displayName, metadata, "
            + "tags and groups: null removes, metadata merges key by key, tags and groups replace the whole list. "
            + "Answers once the change is stored in Kafka.")
    @ApiResponse(responseCode = "200", description = "The edited device; ETag is its new revision")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, or an invalid patch (invalid-device-patch, "
            + "'violations' names each bad field)", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "The tenant has no such device (device-not-found); a patch "
            + "never creates one", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not match the current revision "
            + "(revision-mismatch)", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Content-Type is not application/merge-patch+json",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DeviceView> patch(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String deviceId,
                                     @Parameter(description = "Revision the change is based on, e.g. \"3\"")
                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                             mediaType = MERGE_PATCH_JSON,
                                             examples = @ExampleObject(name = "edit", value = PATCH_EXAMPLE)))
                                     @RequestBody JsonNode body) {
        DevicePatch patch = DevicePatch.parse(body, settings);
        Device device = registry.patch(caller.tenantId(), deviceId, patch, IfMatch.parse(ifMatch));
        return ResponseEntity.ok().eTag(IfMatch.etag(device.revision())).body(DeviceView.of(device));
    }

    private static void requireLabel(String parameter, String value) {
        if (value != null && !DevicePatch.LABEL.matcher(value).matches()) {
            throw ApiProblemException.invalidParameter(parameter, "Parameter '" + parameter
                    + "' must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        }
    }
}
