package io.fieldlink.dashboard.forward;

import io.fieldlink.support.problem.ApiProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * One owning service that writes are forwarded to. The caller's credentials and idempotency key go
 * along unchanged, so the owner authenticates, authorises and de-duplicates exactly as if it had been
 * called directly; its answer (status, body, the headers a client acts on) comes back unchanged.
 */
class Upstream {

    static final String UPSTREAM_UNAVAILABLE = "upstream-unavailable";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Request headers that carry the caller's intent; hop-by-hop and host headers are never copied. */
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of(
            HttpHeaders.AUTHORIZATION, IDEMPOTENCY_KEY, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
            HttpHeaders.IF_MATCH);
    /** Answer headers a client acts on: where the new resource is, when to retry, how to authenticate. */
    private static final List<String> PASSED_RESPONSE_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE,
            HttpHeaders.ETAG);

    private static final Logger log = LoggerFactory.getLogger(Upstream.class);

    private final String name;
    private final URI baseUrl;
    private final HttpClient client;
    private final Duration requestTimeout;

    Upstream(String name, URI baseUrl, HttpClient client, Duration requestTimeout) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /**
     * POSTs {@code body} to {@code encodedPath} (already percent-encoded) under the base URL.
     *
     * @param callerHeaders the incoming request's headers
     */
    ResponseEntity<byte[]> post(String encodedPath, HttpHeaders callerHeaders, byte[] body) {
        return send("POST", encodedPath, callerHeaders, body);
    }

    /**
     * Sends {@code method} with {@code body} (none when null or empty) to {@code encodedPath} (already
     * percent-encoded) under the base URL.
     */
    ResponseEntity<byte[]> send(String method, String encodedPath, HttpHeaders callerHeaders, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(encodedPath))
                .timeout(requestTimeout)
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED_REQUEST_HEADERS) {
            for (String value : callerHeaders.getOrEmpty(header)) {
                request.header(header, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            // the owner may still complete the write: the client retries with the same Idempotency-Key
            log.warn("{} did not answer within {}", name, requestTimeout);
            throw unavailable(name + " did not answer in time; the write may or may not have happened. "
                    + "Retry with the same Idempotency-Key.");
        } catch (IOException e) {
            log.warn("{} at {} cannot be reached: {}", name, baseUrl, e.toString());
            throw unavailable(name + " cannot be reached.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(name + " cannot be reached.");
        }
        HttpHeaders passed = new HttpHeaders();
        for (String header : PASSED_RESPONSE_HEADERS) {
            answer.headers().allValues(header).forEach(value -> passed.add(header, value));
        }
        byte[] answerBody = answer.body();
        return ResponseEntity.status(answer.statusCode()).headers(passed)
                .body(answerBody == null || answerBody.length == 0 ? null : answerBody);
    }

    private URI resolve(String encodedPath) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + encodedPath);
    }

    private ApiProblemException unavailable(String detail) {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, UPSTREAM_UNAVAILABLE, "Upstream unavailable",
                detail).with("upstream", name).withHeader(HttpHeaders.RETRY_AFTER, "5");
    }
}
