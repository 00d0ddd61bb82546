package io.fieldlink.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns a verified JWT into the same {@link TenantPrincipal} an API key gives, so controllers cannot tell the two
 * apart: tenant from the tenant claim, roles (authorities {@code ROLE_<role>}) from the roles claim, and
 * {@code jwt:<sub>} as the id shown in logs and audit.
 */
final class JwtTenantConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String tenantClaim;
    private final String rolesClaim;

    JwtTenantConverter(String tenantClaim, String rolesClaim) {
        this.tenantClaim = tenantClaim;
        this.rolesClaim = rolesClaim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        TenantPrincipal caller = principal(jwt);
        var authorities = caller.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        return UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities);
    }

    TenantPrincipal principal(Jwt jwt) {
        // the decoder's validator refuses such tokens already; this keeps the converter safe on its own
        if (!(jwt.getClaims().get(tenantClaim) instanceof String tenant) || tenant.isBlank()) {
            throw new InvalidBearerTokenException("the token has no '" + tenantClaim + "' claim");
        }
        String subject = jwt.getSubject() == null ? "unknown" : jwt.getSubject();
        return new TenantPrincipal("jwt:" + subject, tenant, roles(jwt.getClaims().get(rolesClaim)));
    }

    /** A JSON array of strings, or one string of names separated by spaces or commas (as {@code scope} is). */
    static Set<String> roles(Object claim) {
        Set<String> roles = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                if (value instanceof String role && !role.isBlank()) {
                    roles.add(role.trim());
                }
            }
        } else if (claim instanceof String text) {
            Arrays.stream(text.split("[\\s,]+")).filter(role -> !role.isEmpty()).forEach(roles::add);
        }
        return Set.copyOf(roles);
    }
}
