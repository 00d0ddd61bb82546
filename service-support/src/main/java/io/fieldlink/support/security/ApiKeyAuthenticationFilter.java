package io.fieldlink.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <api key>}; a present but unknown key is a 401 at once, unless JWTs
 * are accepted too and the token has the form of one: then the resource server behind this filter decides.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "bearer ";

    private final ApiKeyRegistry registry;
    private final AuthenticationEntryPoint entryPoint;
    private final List<RequestMatcher> selfAuthenticatedPaths;
    private final boolean jwtAccepted;

    ApiKeyAuthenticationFilter(ApiKeyRegistry registry, AuthenticationEntryPoint entryPoint, List<String> permitPaths,
                               boolean jwtAccepted) {
        this.registry = registry;
        this.entryPoint = entryPoint;
        this.jwtAccepted = jwtAccepted;
        this.selfAuthenticatedPaths = permitPaths.stream()
                .<RequestMatcher>map(path -> PathPatternRequestMatcher.withDefaults().matcher(path))
                .toList();
    }

    /** Paths a service authenticates itself may carry their own bearer tokens (e.g. Funnel ingest tokens). */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return selfAuthenticatedPaths.stream().anyMatch(matcher -> matcher.matches(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(BEARER.length()).trim();
        Optional<TenantPrincipal> principal = registry.authenticate(token);
        if (principal.isEmpty() && jwtAccepted && JwtBearerTokens.looksLikeJwt(token)) {
            chain.doFilter(request, response);
            return;
        }
        if (principal.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("unknown API key"));
            return;
        }
        TenantPrincipal caller = principal.get();
        var authorities = caller.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
