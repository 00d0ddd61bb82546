package io.fieldlink.dashboard.web;

import io.fieldlink.dashboard.DashboardProperties;
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
 * only to keys that may press them. Roles are the effective ones, the role hierarchy applied. It also carries the
 * one setting a client needs to show devices as the API judges them: how old a newest reading may be for
 * "online" (the web dashboard's tiles keep that state live between answers).
 */
@RestController
@Tag(name = "caller", description = "The calling key")
class CallerController {

    private static final String ROLE_PREFIX = "ROLE_";

    private final RoleHierarchy roleHierarchy;
    private final long onlineWithinSeconds;

    CallerController(RoleHierarchy roleHierarchy, DashboardProperties properties) {
        this.roleHierarchy = roleHierarchy;
        this.onlineWithinSeconds = properties.query().onlineWithin().toSeconds();
    }

    @GetMapping("/v1/me")
    @Operation(summary = "The calling key", description = "Key id, tenant and effective roles (viewer, operator, "
            + "admin, the hierarchy applied); mayWrite: whether commands and acknowledgements are allowed; "
            + "onlineWithinSeconds: a device is online while its newest reading is at most this old "
            + "(fieldlink.dashboard.query.online-within).")
    @ApiResponse(responseCode = "200", description = "The calling key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = Caller.class),
                    examples = @ExampleObject(name = "operator", value = """
                    {"keyId": "farm-ui", "tenantId": "OP0000000001", "roles": ["operator", "viewer"], "mayWrite": true,
                     "onlineWithinSeconds": 600}
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
        return new Caller(keyId, tenant, roles, roles.contains("operator") || roles.contains("admin"),
                onlineWithinSeconds);
    }

    /**
     * The calling key: its id (never the key), tenant, effective roles, whether it may write; and how old a newest
     * reading may be for a device to count as online.
     */
    record Caller(String keyId, String tenantId, List<String> roles, boolean mayWrite, long onlineWithinSeconds) {
    }
}
