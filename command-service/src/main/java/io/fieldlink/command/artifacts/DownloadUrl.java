package io.fieldlink.command.artifacts;

import java.net.URI;
import java.time.Instant;

/**
 * A presigned S3 GET URL of an artifact: anyone holding it can download the bytes until {@code expiresAt}, without
 * credentials. The device checks {@code sha256} and {@code size} of what it downloaded.
 */
public record DownloadUrl(URI url, Instant expiresAt, String sha256, long size) {
}
