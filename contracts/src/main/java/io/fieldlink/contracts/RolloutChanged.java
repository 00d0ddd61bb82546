package io.fieldlink.contracts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The whole state of a rollout of an artifact to devices, published on {@link Topics#ROLLOUTS} keyed by
 * {@code rolloutId} every time it changes: the topic is compacted, so its latest record per key is the rollout.
 * Each record carries the definition and every device's progress, not only what changed.
 *
 * @param rolloutId        the rollout's id (20 hex digits: creation epoch-millis, then random; ids sort by age)
 * @param tenantId         operator id owning the rollout, its artifact and its devices
 * @param artifactId       the artifact rolled out
 * @param artifactName     its name, sent to devices as {@code name}
 * @param artifactVersion  its version, sent as {@code version}
 * @param sha256           its SHA-256, lower-case hex, sent as {@code sha256}
 * @param size             its size in bytes, sent as {@code size}
 * @param transport        transport of the commands
 * @param batchSize        devices per batch
 * @param failureThreshold failed devices at which the rollout halts
 * @param timeToLive       lifetime of each device's presigned URL and of its command
 * @param status           where the rollout is
 * @param currentBatch     the batch started last, from 1 (0 before the first)
 * @param targets          every device, in rollout order
 * @param group            the registry group the devices were taken from when it was created; null for a list
 * @param idempotencyKey   the {@code Idempotency-Key} it was created with; may be null
 * @param origin           who asked: {@code api:<keyId>}
 * @param createdAt        when it was created
 * @param updatedAt        when this record was written
 * @param revision         1 for the first record of a rollout, +1 for each later one
 */
public record RolloutChanged(
        String rolloutId,
        String tenantId,
        String artifactId,
        String artifactName,
        String artifactVersion,
        String sha256,
        long size,
        CommandTransport transport,
        int batchSize,
        int failureThreshold,
        Duration timeToLive,
        RolloutStatus status,
        int currentBatch,
        List<RolloutTarget> targets,
        String group,
        String idempotencyKey,
        String origin,
        Instant createdAt,
        Instant updatedAt,
        long revision) {

    public RolloutChanged {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        transport = transport == null ? CommandTransport.AUTO : transport;
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
