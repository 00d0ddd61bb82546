package io.fieldlink.dashboard.keys;

import io.fieldlink.contracts.ApiKeyChanged;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.ApiKeyRegistry;
import io.fieldlink.support.security.IssuedApiKeys;
import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.util.Set;

/**
 * Issuing and revoking the API keys of the caller's tenant (role {@code admin} only, see {@code AccessConfiguration}).
 * Keys go to {@code iot.api-keys.v1}, which every service reads, so a key works everywhere within about a second,
 * and a revoked one stops working as fast. Configured keys ({@code fieldlink.security.api-keys}) are not listed
 * here and cannot be revoked here: they are the deployment's, not the tenant's.
 */
@RestController
@Tag(name = "api-keys", description = "API keys of the caller's tenant (admin)")
@ApiResponse(responseCode = "401", description = "No or unknown credentials",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller is not an admin",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(implementation = ProblemDetail.class)))
class ApiKeysController {

    static final String API_KEY_NOT_FOUND = "api-key-not-found";
    static final String TOO_MANY_API_KEYS = "too-many-api-keys";
    /** Active keys one tenant may have: a bound, so a leaked admin key cannot fill every service's memory. */
    static final int MAX_ACTIVE_KEYS_PER_TENANT = 1000;

    private static final Logger log = LoggerFactory.getLogger(ApiKeysController.class);

    private final IssuedApiKeys issued;
    private final ApiKeyPublisher publisher;
    private final ApiKeySecrets secrets;
    private final ApiKeyValidator validator;
    private final Clock clock;

    ApiKeysController(IssuedApiKeys issued, ApiKeyPublisher publisher, ApiKeySecrets secrets, ApiKeyValidator validator,
                      Clock clock) {
        this.issued = issued;
        this.publisher = publisher;
        this.secrets = secrets;
        this.validator = validator;
        this.clock = clock;
    }

    @PostMapping("/v1/admin/api-keys")
    @Operation(summary = "Issue a key", description = "Creates a key of the caller's tenant with the given roles. "
            + "The answer carries the secret: the only time it is shown (only its SHA-256 is stored).")
    @ApiResponse(responseCode = "201", description = "The key, with its secret")
    @ApiResponse(responseCode = "400", description = "invalid-api-key: property violations names each field",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<IssuedKey> issue(@AuthenticationPrincipal TenantPrincipal caller,
                                    @RequestBody(required = false) ApiKeyRequest request) {
        Set<String> roles = validator.validate(request);
        if (issued.activeCount(caller.tenantId()) >= MAX_ACTIVE_KEYS_PER_TENANT) {
            throw new ApiProblemException(HttpStatus.CONFLICT, TOO_MANY_API_KEYS, "Conflict",
                    "The tenant already has " + MAX_ACTIVE_KEYS_PER_TENANT + " active keys; revoke one first.")
                    .with("maxActiveKeys", MAX_ACTIVE_KEYS_PER_TENANT);
        }
        String secret = secrets.newSecret();
        ApiKeyChanged key = new ApiKeyChanged(secrets.newKeyId(), caller.tenantId(), request.name().strip(), roles,
                ApiKeyRegistry.sha256Hex(secret), clock.instant(), null);
        publisher.publish(key);
        // at once on this instance (the topic reader brings it here too, a moment later, and to every service)
        issued.apply(key);
        log.info("Key {} ({}) of {} issued by {}", key.keyId(), key.roles(), key.tenantId(), caller.keyId());
        return ResponseEntity.created(URI.create("/v1/admin/api-keys/" + key.keyId()))
                .body(new IssuedKey(key.keyId(), key.name(), key.roles(), key.createdAt(), secret));
    }

    @GetMapping("/v1/admin/api-keys")
    @Operation(summary = "List the tenant's keys", description = "Issued keys, revoked ones included (revokedAt set), "
            + "oldest first; never a secret or a hash.")
    @ApiResponse(responseCode = "200", description = "The tenant's issued keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ApiKeyList.class),
                    examples = @ExampleObject(name = "keys", value = """
                    {"items": [
                      {"keyId": "k-7Hq2mX", "name": "greenhouse display", "roles": ["viewer"],
                       "createdAt": "2026-11-27T09:00:00Z", "revokedAt": null},
                      {"keyId": "k-P0c9Za", "name": "old tablet", "roles": ["operator"],
                       "createdAt": "2026-11-01T08:00:00Z", "revokedAt": "2026-11-20T17:30:00Z"}]}
                    """)))
    ApiKeyList list(@AuthenticationPrincipal TenantPrincipal caller) {
        return new ApiKeyList(issued.list(caller.tenantId()).stream().map(ApiKeyView::of).toList());
    }

    @DeleteMapping("/v1/admin/api-keys/{keyId}")
    @Operation(summary = "Revoke a key", description = "Every service refuses the key within seconds. Revoking a "
            + "revoked key changes nothing (204).")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "api-key-not-found: the tenant has no such key",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> revoke(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable String keyId) {
        ApiKeyChanged key = issued.find(caller.tenantId(), keyId).orElseThrow(() -> ApiProblemException.notFound(
                API_KEY_NOT_FOUND, "No API key '" + keyId + "'.").with("keyId", keyId));
        if (key.active()) {
            ApiKeyChanged revoked = key.revoked(clock.instant());
            publisher.publish(revoked);
            issued.apply(revoked);
            log.info("Key {} of {} revoked by {}", key.keyId(), key.tenantId(), caller.keyId());
        }
        return ResponseEntity.noContent().build();
    }
}
