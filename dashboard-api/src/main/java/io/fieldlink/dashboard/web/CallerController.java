package io.fieldlink.dashboard.web;

import io.fieldlink.support.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Who the key is: the web dashboard signs in with it (a 401 means a wrong key) and shows write buttons
 * only to keys that may press them. Roles are the effective ones, the role hierarchy applied.
 */
@RestController
@Tag(name = "caller", description = "The calling key")
class CallerController {

    private static final String ROLE_PREFIX = "ROLE_";

    private final RoleHierarchy roleHierarchy;

    CallerController(RoleHierarchy roleHierarchy) {
        this.roleHierarchy = roleHierarchy;
    }

    @GetMapping("/v1/me")
    @Operation(summary = "The calling key", description = "Key id, tenant and effective roles (viewer, operator, "
            + "admin, the hierarchy applied); mayWrite: whether commands and acknowledgements are allowed.")
    @ApiResponse(responseCode = "200", description = "The calling key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = Caller.class),
                    examples = @ExampleObject(name = "operator", value = """
                    {"keyId": "farm-ui", "tenantId": "OP0000000001", "roles": ["operator", "viewer"], "mayWrite": true}
                    """)))
    Caller me(Authentication authentication) {
        List<String> roles = roleHierarchy.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .distinct().sorted().toList();
        String keyId = authentication.getName();
        String tenant = null;
        if (authentication.getPrincipal() instanceof TenantPrincipal principal) {
            keyId = principal.keyId();
            tenant = principal.tenantId();
        }
        return new Caller(keyId, tenant, roles, roles.contains("operator") || roles.contains("admin"));
    }

    /** The calling key: its id (never the key), tenant, effective roles, and whether it may write. */
    record Caller(String keyId, String tenantId, List<String> roles, boolean mayWrite) {
    }
}
