package io.fieldlink.support.security;

import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.problem.ProblemResponses;
import io.fieldlink.support.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/** 401 and 403 as problem documents; the body never says why a credential was refused. */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        ProblemResponses.write(response, new ApiProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                "Unauthorized", "A valid API key is required: Authorization: Bearer <key>.")
                .withHeader("WWW-Authenticate", "Bearer"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        ProblemResponses.write(response, new ApiProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN,
                "Forbidden", "The API key may not do this."));
    }
}
