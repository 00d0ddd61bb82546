package io.fieldlink.support.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Turns every error of a service into {@code application/problem+json} with a stable type.
 * Spring MVC's own exceptions get our slugs instead of {@code about:blank}; anything unexpected
 * becomes a 500 without internals in the body.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiProblemException.class)
    public ResponseEntity<ProblemDetail> handleApiProblem(ApiProblemException ex) {
        return ResponseEntity.status(ex.status()).headers(ex.headers()).body(ex.toProblemDetail());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        log.error("Unhandled error", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(500),
                "The server failed to handle the request.");
        problem.setType(ProblemTypes.uri(ProblemTypes.INTERNAL_ERROR));
        problem.setTitle("Internal error");
        return ResponseEntity.status(500).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse errorResponse) {
            body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.uri(slugFor(ex, statusCode)));
            switch (ex) {
                case MissingServletRequestParameterException missing ->
                        problem.setProperty("parameter", missing.getParameterName());
                case TypeMismatchException mismatch when mismatch.getPropertyName() != null -> {
                    problem.setProperty("parameter", mismatch.getPropertyName());
                    problem.setDetail("Parameter '" + mismatch.getPropertyName() + "' has an invalid value.");
                }
                case HttpMessageNotReadableException unreadable ->
                        problem.setDetail("The request body could not be read as the expected JSON.");
                default -> {
                }
            }
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    static String slugFor(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            case HttpMediaTypeNotSupportedException e -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            case HttpMediaTypeNotAcceptableException e -> ProblemTypes.NOT_ACCEPTABLE;
            case HttpRequestMethodNotSupportedException e -> ProblemTypes.METHOD_NOT_ALLOWED;
            case NoResourceFoundException e -> ProblemTypes.NOT_FOUND;
            case MaxUploadSizeExceededException e -> ProblemTypes.PAYLOAD_TOO_LARGE;
            case MissingServletRequestParameterException e -> ProblemTypes.INVALID_PARAMETER;
            case TypeMismatchException e -> ProblemTypes.INVALID_PARAMETER;
            case HandlerMethodValidationException e -> ProblemTypes.INVALID_PARAMETER;
            case HttpMessageNotReadableException e -> ProblemTypes.MALFORMED_REQUEST;
            default -> status.value() == 404 ? ProblemTypes.NOT_FOUND
                    : status.is4xxClientError() ? ProblemTypes.MALFORMED_REQUEST : ProblemTypes.INTERNAL_ERROR;
        };
    }
}
