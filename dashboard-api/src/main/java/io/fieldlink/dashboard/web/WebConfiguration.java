package io.fieldlink.dashboard.web;

import io.fieldlink.support.security.ApiKeyAuthorizationRules;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The web dashboard's shell: its static files (page, scripts, styles, message files, WebJars) are open,
 * because they hold no data; every {@code /v1/**} call of the page carries the API key like any client's.
 * The page gets a strict Content-Security-Policy: scripts, styles and connections only from this service,
 * no inline script, so a key in sessionStorage cannot be read by injected code.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Client-side routes of the page; each serves index.html (links in notifications point at them). */
    static final String[] PAGE_ROUTES = {"/devices/{deviceId}", "/alerts", "/alerts/{alertId}", "/rules"};

    /** Everything the browser loads before it has a key. */
    static final String[] OPEN_PATHS = {"/", "/index.html", "/favicon.ico", "/app/**", "/webjars/**",
            "/devices/{deviceId}", "/alerts", "/alerts/{alertId}", "/rules"};

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /**
     * Ahead of the role rules (which require a key for every GET): the open paths answer without one.
     * Only GET and HEAD; a key that is sent anyway is still checked (a wrong one answers 401).
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ApiKeyAuthorizationRules webDashboardOpenPaths() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, OPEN_PATHS).permitAll()
                .requestMatchers(HttpMethod.HEAD, OPEN_PATHS).permitAll();
    }

    @Bean
    FilterRegistrationBean<ContentSecurityPolicyFilter> webDashboardContentSecurityPolicy() {
        var registration = new FilterRegistrationBean<>(new ContentSecurityPolicyFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Sets the policy on the page and its assets; the JSON API and Swagger UI keep their own headers. */
    static final class ContentSecurityPolicyFilter extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.startsWith("/v1/") || path.startsWith("/v3/") || path.startsWith("/swagger-ui")
                    || path.startsWith("/actuator");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("Referrer-Policy", "no-referrer");
            chain.doFilter(request, response);
        }
    }
}
