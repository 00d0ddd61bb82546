package io.fieldlink.dashboard.projector;

/**
 * A write that failed for a reason that passes (OpenSearch down, overloaded, a version conflict):
 * the whole batch is written again after a back-off, never dead-lettered and never acknowledged.
 */
class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
