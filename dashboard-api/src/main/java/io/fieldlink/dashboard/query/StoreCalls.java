package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.io.IOException;

/** Runs a read-model query; an unreachable or failing OpenSearch becomes a 503 problem with Retry-After. */
final class StoreCalls {

    static final String STORE_UNAVAILABLE = "store-unavailable";

    private static final Logger log = LoggerFactory.getLogger(StoreCalls.class);

    private StoreCalls() {
    }

    static <T> T call(OpenSearchCall<T> call) {
        try {
            return call.run();
        } catch (IOException | OpenSearchException e) {
            log.warn("OpenSearch query failed: {}", e.toString());
            throw new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, STORE_UNAVAILABLE, "Service unavailable",
                    "The telemetry store is not available; try again later.").withHeader("Retry-After", "5");
        }
    }

    @FunctionalInterface
    interface OpenSearchCall<T> {
        T run() throws IOException;
    }
}
