package io.fieldlink.command.artifacts;

import java.time.Instant;

/**
 * A stored artifact as the API shows it.
 *
 * @param id          id of the artifact, unique per tenant; ids sort by creation time
 * @param name        name given at upload, e.g. {@code sprinkler-fw}
 * @param version     version given at upload, e.g. {@code 1.4.2}
 * @param kind        {@code firmware} or {@code model}
 * @param size        bytes
 * @param sha256      SHA-256 of the bytes, lower-case hex, computed by this service while storing them
 * @param contentType content type the object is served with
 * @param createdAt   when it was stored
 */
public record Artifact(String id, String name, String version, String kind, long size, String sha256,
                       String contentType, Instant createdAt) {
}
