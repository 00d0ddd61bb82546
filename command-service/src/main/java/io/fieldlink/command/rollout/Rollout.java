package io.fieldlink.command.rollout;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.RolloutStatus;
import io.fieldlink.contracts.RolloutTarget;
import io.fieldlink.contracts.RolloutTargetStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.fieldlink.contracts.RolloutTargetStatus.FAILED;
import static io.fieldlink.contracts.RolloutTargetStatus.IN_PROGRESS;
import static io.fieldlink.contracts.RolloutTargetStatus.PENDING;
import static io.fieldlink.contracts.RolloutTargetStatus.SKIPPED;
import static io.fieldlink.contracts.RolloutTargetStatus.SUCCEEDED;

/**
 * One rollout's plan and progress, plain Java: the devices in batches of {@code batchSize} in the order given; a
 * batch starts when every device of the one before has finished (executed: succeeded; failed or expired: failed);
 * once {@code failureThreshold} devices have failed the rollout is halted: devices not started yet are skipped,
 * devices in flight still finish and are recorded. Every device finished below the threshold: completed.
 * <p>
 * Not thread-safe: the {@link RolloutCoordinator} serialises every call. Each change bumps the revision; the
 * coordinator stores {@link #snapshot()} after it.
 */
final class Rollout {

    /** What was asked for; never changes. */
    record Definition(String rolloutId, String tenantId, String artifactId, String artifactName,
                      String artifactVersion, String sha256, long size, CommandTransport transport, int batchSize,
                      int failureThreshold, Duration timeToLive, String group, String idempotencyKey, String origin,
                      Instant createdAt) {

        Definition {
            Objects.requireNonNull(rolloutId, "rolloutId");
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(artifactId, "artifactId");
            Objects.requireNonNull(timeToLive, "timeToLive");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold must be at least 1");
            }
        }
    }

    private final Definition definition;
    private final List<RolloutTarget> targets;
    private RolloutStatus status;
    private int currentBatch;
    private Instant updatedAt;
    private long revision;

    private Rollout(Definition definition, List<RolloutTarget> targets, RolloutStatus status, int currentBatch,
                    Instant updatedAt, long revision) {
        this.definition = definition;
        this.targets = new ArrayList<>(targets);
        this.status = status;
        this.currentBatch = currentBatch;
        this.updatedAt = updatedAt;
        this.revision = revision;
    }

    /** A new rollout: every device pending in its batch, no batch started yet (revision 1). */
    static Rollout plan(Definition definition, List<String> deviceIds, Instant now) {
        if (deviceIds.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one device");
        }
        if (deviceIds.stream().distinct().count() != deviceIds.size()) {
            throw new IllegalArgumentException("a device may appear only once in a rollout");
        }
        List<RolloutTarget> targets = new ArrayList<>();
        for (int i = 0; i < deviceIds.size(); i++) {
            targets.add(new RolloutTarget(deviceIds.get(i), i / definition.batchSize() + 1, PENDING, null, null, null,
                    now));
        }
        return new Rollout(definition, targets, RolloutStatus.RUNNING, 0, now, 1);
    }

    /** A rollout as its latest stored record says. */
    static Rollout restore(RolloutChanged record) {
        Definition definition = new Definition(record.rolloutId(), record.tenantId(), record.artifactId(),
                record.artifactName(), record.artifactVersion(), record.sha256(), record.size(), record.transport(),
                record.batchSize(), record.failureThreshold(), record.timeToLive(), record.group(),
                record.idempotencyKey(),
                record.origin(), record.createdAt());
        return new Rollout(definition, record.targets(), record.status(), record.currentBatch(), record.updatedAt(),
                record.revision());
    }

    /**
     * Starts the next batch when the rollout is running and the current one has finished; completes or halts the
     * rollout when there is nothing more to start. Returns the devices of the started batch (now in progress, the
     * caller sends each its command and reports {@link #started} or {@link #finished}); empty when nothing starts.
     */
    List<String> advance(Instant now) {
        if (status != RolloutStatus.RUNNING || !batchFinished(currentBatch)) {
            return List.of();
        }
        if (failures() >= definition.failureThreshold()) {
            halt(now);
            return List.of();
        }
        if (currentBatch >= lastBatch()) {
            status = RolloutStatus.COMPLETED;
            changed(now);
            return List.of();
        }
        currentBatch++;
        List<String> started = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            RolloutTarget target = targets.get(i);
            if (target.batch() == currentBatch && target.status() == PENDING) {
                targets.set(i, new RolloutTarget(target.deviceId(), target.batch(), IN_PROGRESS, null, null, null, now));
                started.add(target.deviceId());
            }
        }
        changed(now);
        return started;
    }

    /** The device's command was accepted by the book. */
    void started(String deviceId, String commandId, CommandStatus commandStatus, Instant now) {
        int i = indexOf(deviceId);
        if (i < 0 || targets.get(i).status() != IN_PROGRESS) {
            return;
        }
        RolloutTarget target = targets.get(i);
        targets.set(i, new RolloutTarget(deviceId, target.batch(), IN_PROGRESS, commandId, commandStatus, null, now));
        changed(now);
    }

    /** The device could not be started (e.g. no presigned URL): it counts as failed. */
    void finished(String deviceId, String detail, Instant now) {
        int i = indexOf(deviceId);
        if (i < 0 || targets.get(i).status() != IN_PROGRESS) {
            return;
        }
        RolloutTarget target = targets.get(i);
        targets.set(i, new RolloutTarget(deviceId, target.batch(), FAILED, target.commandId(),
                target.commandStatus(), detail, now));
        changed(now);
        haltWhenThresholdReached(now);
    }

    /**
     * A transition of a device's command: executed makes the device succeeded, failed or expired makes it failed,
     * any other status is only recorded. False when it changes nothing (another command, a finished device, a
     * repeat).
     */
    boolean commandChanged(String deviceId, String commandId, CommandStatus commandStatus, String detail,
                           Instant now) {
        int i = indexOf(deviceId);
        if (i < 0) {
            return false;
        }
        RolloutTarget target = targets.get(i);
        if (target.status() != IN_PROGRESS || !commandId.equals(target.commandId())
                || commandStatus == target.commandStatus()) {
            return false;
        }
        RolloutTargetStatus next = switch (commandStatus) {
            case EXECUTED -> SUCCEEDED;
            case FAILED, EXPIRED -> FAILED;
            default -> IN_PROGRESS;
        };
        targets.set(i, new RolloutTarget(deviceId, target.batch(), next, commandId, commandStatus, detail, now));
        changed(now);
        if (next == FAILED) {
            haltWhenThresholdReached(now);
        }
        return true;
    }

    /** Devices whose command is under way, with their command id (null when it was never accepted). */
    List<RolloutTarget> inFlight() {
        return targets.stream().filter(target -> target.status() == IN_PROGRESS).toList();
    }

    Map<RolloutTargetStatus, Integer> counts() {
        Map<RolloutTargetStatus, Integer> counts = new EnumMap<>(RolloutTargetStatus.class);
        for (RolloutTargetStatus each : RolloutTargetStatus.values()) {
            counts.put(each, 0);
        }
        targets.forEach(target -> counts.merge(target.status(), 1, Integer::sum));
        return counts;
    }

    RolloutChanged snapshot() {
        return new RolloutChanged(definition.rolloutId(), definition.tenantId(), definition.artifactId(),
                definition.artifactName(), definition.artifactVersion(), definition.sha256(), definition.size(),
                definition.transport(), definition.batchSize(), definition.failureThreshold(),
                definition.timeToLive(), status, currentBatch, targets, definition.group(), definition.idempotencyKey(),
                definition.origin(), definition.createdAt(), updatedAt, revision);
    }

    Definition definition() {
        return definition;
    }

    RolloutStatus status() {
        return status;
    }

    long revision() {
        return revision;
    }

    private void haltWhenThresholdReached(Instant now) {
        if (status == RolloutStatus.RUNNING && failures() >= definition.failureThreshold()) {
            halt(now);
        }
    }

    private void halt(Instant now) {
        status = RolloutStatus.HALTED;
        String detail = "rollout halted: " + failures() + " failed devices reached the threshold of "
                + definition.failureThreshold();
        for (int i = 0; i < targets.size(); i++) {
            RolloutTarget target = targets.get(i);
            if (target.status() == PENDING) {
                targets.set(i, new RolloutTarget(target.deviceId(), target.batch(), SKIPPED, null, null, detail, now));
            }
        }
        changed(now);
    }

    private long failures() {
        return targets.stream().filter(target -> target.status() == FAILED).count();
    }

    private boolean batchFinished(int batch) {
        return targets.stream().filter(target -> target.batch() == batch).allMatch(t -> t.status().isFinished());
    }

    private int lastBatch() {
        return targets.getLast().batch();
    }

    private int indexOf(String deviceId) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).deviceId().equals(deviceId)) {
                return i;
            }
        }
        return -1;
    }

    private void changed(Instant now) {
        updatedAt = now;
        revision++;
    }
}
