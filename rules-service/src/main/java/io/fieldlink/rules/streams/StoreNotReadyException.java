package io.fieldlink.rules.streams;

import io.fieldlink.support.problem.ApiProblemException;
import org.springframework.http.HttpStatus;

/**
 * The Streams app cannot answer yet (starting, restoring its global stores, rebalancing): a 503 the client
 * retries, problem type {@value #TYPE}.
 */
public class StoreNotReadyException extends ApiProblemException {

    public static final String TYPE = "rules-store-not-ready";

    StoreNotReadyException(String storeName) {
        super(HttpStatus.SERVICE_UNAVAILABLE, TYPE, "Service unavailable",
                "The rule evaluator is starting or rebalancing and cannot read its " + storeName
                        + " store yet; retry shortly.");
        withHeader("Retry-After", "1");
    }
}
