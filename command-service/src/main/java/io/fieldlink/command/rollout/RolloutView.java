package io.fieldlink.command.rollout;

import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.RolloutTarget;
import io.fieldlink.contracts.RolloutTargetStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rollout as the API shows it; {@code batches} and {@code devices} only in {@code GET /v1/rollouts/{id}}.
 */
record RolloutView(
        String rolloutId,
        ArtifactRef artifact,
        String group,
        String status,
        String transport,
        int batchSize,
        int failureThreshold,
        String timeToLive,
        int currentBatch,
        int batchCount,
        Counts counts,
        List<BatchView> batches,
        List<DeviceView> devices,
        String origin,
        Instant createdAt,
        Instant updatedAt) {

    record ArtifactRef(String id, String name, String version, String sha256, long size) {
    }

    record Counts(int pending, int inProgress, int succeeded, int failed, int skipped) {
    }

    /** @param status {@code pending} (not started), {@code in-progress}, {@code finished}, {@code skipped} */
    record BatchView(int batch, String status, int devices) {
    }

    record DeviceView(String deviceId, int batch, String status, String commandId, String commandStatus,
                      String detail, Instant updatedAt) {
    }

    static RolloutView summary(RolloutChanged rollout) {
        return of(rollout, false);
    }

    static RolloutView full(RolloutChanged rollout) {
        return of(rollout, true);
    }

    private static RolloutView of(RolloutChanged rollout, boolean detailed) {
        int[] counts = new int[RolloutTargetStatus.values().length];
        Map<Integer, List<RolloutTarget>> batches = new TreeMap<>();
        for (RolloutTarget target : rollout.targets()) {
            counts[target.status().ordinal()]++;
            batches.computeIfAbsent(target.batch(), batch -> new ArrayList<>()).add(target);
        }
        List<BatchView> batchViews = new ArrayList<>();
        batches.forEach((batch, targets) -> batchViews.add(new BatchView(batch, batchStatus(targets), targets.size())));
        return new RolloutView(rollout.rolloutId(),
                new ArtifactRef(rollout.artifactId(), rollout.artifactName(), rollout.artifactVersion(),
                        rollout.sha256(), rollout.size()),
                rollout.group(), rollout.status().wireName(), rollout.transport().wireName(), rollout.batchSize(),
                rollout.failureThreshold(), rollout.timeToLive() == null ? null : rollout.timeToLive().toString(),
                rollout.currentBatch(), batches.size(),
                new Counts(counts[RolloutTargetStatus.PENDING.ordinal()],
                        counts[RolloutTargetStatus.IN_PROGRESS.ordinal()],
                        counts[RolloutTargetStatus.SUCCEEDED.ordinal()],
                        counts[RolloutTargetStatus.FAILED.ordinal()],
                        counts[RolloutTargetStatus.SKIPPED.ordinal()]),
                detailed ? batchViews : null,
                detailed ? rollout.targets().stream().map(target -> new DeviceView(target.deviceId(), target.batch(),
                        target.status().wireName(), target.commandId(),
                        target.commandStatus() == null ? null : target.commandStatus().wireName(), target.detail(),
                        target.updatedAt())).toList() : null,
                rollout.origin(), rollout.createdAt(), rollout.updatedAt());
    }

    private static String batchStatus(List<RolloutTarget> targets) {
        if (targets.stream().allMatch(target -> target.status() == RolloutTargetStatus.SKIPPED)) {
            return "skipped";
        }
        if (targets.stream().allMatch(target -> target.status() == RolloutTargetStatus.PENDING)) {
            return "pending";
        }
        return targets.stream().allMatch(target -> target.status().isFinished()) ? "finished" : "in-progress";
    }
}
