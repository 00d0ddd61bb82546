package io.fieldlink.simulator;

/**
 * What one package download came to: ok (size and SHA-256 of the body), or a failure kind with a detail for the
 * command answer ({@code download failed: HTTP 403}, {@code integrity check failed: expected … got …}).
 *
 * @param failure    null when the package downloaded and verified
 * @param httpStatus the HTTP status, 0 when there was no answer
 * @param size       bytes received (0 when the download did not start)
 * @param sha256     lowercase hex SHA-256 of what was received, null when nothing was
 * @param detail     why it failed, null when ok
 */
record DownloadOutcome(Failure failure, int httpStatus, long size, String sha256, String detail) {

    /** Why a download failed. */
    enum Failure {
        /** Not an http(s) URL (or no hash where one is required). */
        INVALID_URL,
        /** An answer other than 200, e.g. 403 for an expired or tampered presigned URL. */
        HTTP_STATUS,
        /** Connection refused or lost, time-out. */
        IO_ERROR,
        /** SHA-256 of the body differs from the expected one. */
        INTEGRITY,
        /** Larger than the device's limit. */
        TOO_LARGE
    }

    static DownloadOutcome failure(Failure failure, int httpStatus, String detail) {
        return new DownloadOutcome(failure, httpStatus, 0, null, detail);
    }

    boolean ok() {
        return failure == null;
    }
}
