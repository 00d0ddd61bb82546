package io.fieldlink.command.artifacts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few object-store operations artifacts need, in one bucket. {@link S3ObjectStorage} is the real one; a failing
 * store answers with the {@code artifact-storage-unavailable} problem (503).
 */
interface ObjectStorage {

    /** A stored object: its length, content type and user metadata (lower-case keys). */
    record StoredObject(long size, String contentType, Map<String, String> metadata) {
    }

    void put(String key, Path file, long size, String contentType, Map<String, String> metadata);

    Optional<StoredObject> head(String key);

    /** Every key under {@code prefix}. */
    List<String> keys(String prefix);

    /** A GET URL of {@code key} that works without credentials for {@code expiry}. */
    URI presignGet(String key, Duration expiry);

    /** Creates the bucket unless it exists. */
    void ensureBucket();
}
