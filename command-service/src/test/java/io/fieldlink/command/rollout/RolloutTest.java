package io.fieldlink.command.rollout;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.RolloutStatus;
import io.fieldlink.contracts.RolloutTarget;
import io.fieldlink.contracts.RolloutTargetStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.fieldlink.contracts.RolloutTargetStatus.FAILED;
import static io.fieldlink.contracts.RolloutTargetStatus.IN_PROGRESS;
import static io.fieldlink.contracts.RolloutTargetStatus.PENDING;
import static io.fieldlink.contracts.RolloutTargetStatus.SKIPPED;
import static io.fieldlink.contracts.RolloutTargetStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static Rollout.Definition definition(int batchSize, int failureThreshold) {
        return new Rollout.Definition("r-1", "OP-A", "art-1", "fw", "1.0", "ab".repeat(32), 10,
                CommandTransport.AUTO, batchSize, failureThreshold, Duration.ofMinutes(15), null, null, "api:k",
                T0);
    }

    @Test
    void devicesGoIntoBatchesOfBatchSizeInTheGivenOrderAllPending() {
        Rollout rollout = Rollout.plan(definition(2, 1), List.of("d1", "d2", "d3", "d4", "d5"), T0);

        RolloutChanged snapshot = rollout.snapshot();
        assertThat(snapshot.targets()).extracting(RolloutTarget::deviceId).containsExactly("d1", "d2", "d3", "d4", "d5");
        assertThat(snapshot.targets()).extracting(RolloutTarget::batch).containsExactly(1, 1, 2, 2, 3);
        assertThat(snapshot.targets()).extracting(RolloutTarget::status).containsOnly(PENDING);
        assertThat(snapshot.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(snapshot.currentBatch()).isZero();
        assertThat(snapshot.revision()).isEqualTo(1);
    }

    @Test
    void theNextBatchStartsOnlyWhenEveryDeviceOfTheCurrentOneHasFinished() {
        Rollout rollout = Rollout.plan(definition(2, 1), List.of("d1", "d2", "d3"), T0);

        assertThat(rollout.advance(T0)).containsExactly("d1", "d2");
        start(rollout, "d1", "d2");
        assertThat(rollout.advance(T0)).isEmpty();

        assertThat(rollout.commandChanged("d1", "c-d1", CommandStatus.EXECUTED, null, T0)).isTrue();
        assertThat(rollout.advance(T0)).as("d2 is still in flight").isEmpty();
        rollout.commandChanged("d2", "c-d2", CommandStatus.DELIVERED, null, T0);
        assertThat(rollout.advance(T0)).isEmpty();

        rollout.commandChanged("d2", "c-d2", CommandStatus.EXECUTED, null, T0);
        assertThat(rollout.advance(T0)).containsExactly("d3");
        assertThat(rollout.snapshot().currentBatch()).isEqualTo(2);
    }

    @Test
    void everyDeviceSucceededMakesTheRolloutCompleted() {
        Rollout rollout = Rollout.plan(definition(1, 1), List.of("d1", "d2"), T0);

        assertThat(rollout.advance(T0)).containsExactly("d1");
        start(rollout, "d1");
        rollout.commandChanged("d1", "c-d1", CommandStatus.EXECUTED, null, T0);
        assertThat(rollout.advance(T0)).containsExactly("d2");
        start(rollout, "d2");
        rollout.commandChanged("d2", "c-d2", CommandStatus.EXECUTED, null, T0);
        assertThat(rollout.advance(T0)).isEmpty();

        assertThat(rollout.status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(rollout.counts()).containsEntry(SUCCEEDED, 2).containsEntry(FAILED, 0);
    }

    @Test
    void reachingTheThresholdHaltsAtOnceSkipsWhatDidNotStartAndLetsTheDevicesInFlightFinish() {
        Rollout rollout = Rollout.plan(definition(2, 1), List.of("d1", "d2", "d3", "d4"), T0);
        rollout.advance(T0);
        start(rollout, "d1", "d2");

        rollout.commandChanged("d1", "c-d1", CommandStatus.FAILED, "device: integrity check failed", T0);

        assertThat(rollout.status()).isEqualTo(RolloutStatus.HALTED);
        assertThat(statuses(rollout)).containsExactly(FAILED, IN_PROGRESS, SKIPPED, SKIPPED);
        assertThat(rollout.snapshot().targets().get(2).detail()).contains("halted");
        assertThat(rollout.snapshot().targets().getFirst().detail()).isEqualTo("device: integrity check failed");

        assertThat(rollout.commandChanged("d2", "c-d2", CommandStatus.EXECUTED, null, T0)).isTrue();
        assertThat(rollout.advance(T0)).isEmpty();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.HALTED);
        assertThat(statuses(rollout)).containsExactly(FAILED, SUCCEEDED, SKIPPED, SKIPPED);
    }

    @Test
    void failuresBelowTheThresholdDoNotStopTheRolloutAndExpiryCountsAsFailure() {
        Rollout rollout = Rollout.plan(definition(1, 2), List.of("d1", "d2", "d3"), T0);
        rollout.advance(T0);
        start(rollout, "d1");
        rollout.commandChanged("d1", "c-d1", CommandStatus.EXPIRED, "expired before it could be sent", T0);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);

        assertThat(rollout.advance(T0)).containsExactly("d2");
        start(rollout, "d2");
        rollout.commandChanged("d2", "c-d2", CommandStatus.EXECUTED, null, T0);
        assertThat(rollout.advance(T0)).containsExactly("d3");
        start(rollout, "d3");
        rollout.commandChanged("d3", "c-d3", CommandStatus.FAILED, "device: download failed: HTTP 403", T0);

        assertThat(rollout.status()).isEqualTo(RolloutStatus.HALTED);
        assertThat(rollout.counts()).containsEntry(FAILED, 2).containsEntry(SUCCEEDED, 1).containsEntry(SKIPPED, 0);
    }

    @Test
    void aDeviceThatCouldNotBeStartedCountsAsFailed() {
        Rollout rollout = Rollout.plan(definition(1, 1), List.of("d1", "d2"), T0);
        rollout.advance(T0);

        rollout.finished("d1", "no download URL: S3 down", T0);

        assertThat(rollout.status()).isEqualTo(RolloutStatus.HALTED);
        assertThat(statuses(rollout)).containsExactly(FAILED, SKIPPED);
    }

    @Test
    void anotherCommandARepeatAndAnAnswerAfterTheDeviceFinishedChangeNothing() {
        Rollout rollout = Rollout.plan(definition(2, 2), List.of("d1", "d2"), T0);
        rollout.advance(T0);
        start(rollout, "d1", "d2");

        assertThat(rollout.commandChanged("d1", "some-other-command", CommandStatus.EXECUTED, null, T0)).isFalse();
        assertThat(rollout.commandChanged("unknown", "c-d1", CommandStatus.EXECUTED, null, T0)).isFalse();
        assertThat(rollout.commandChanged("d1", "c-d1", CommandStatus.SENT, null, T0)).isTrue();
        assertThat(rollout.commandChanged("d1", "c-d1", CommandStatus.SENT, null, T0)).isFalse();
        assertThat(rollout.commandChanged("d1", "c-d1", CommandStatus.EXECUTED, null, T0)).isTrue();
        assertThat(rollout.commandChanged("d1", "c-d1", CommandStatus.FAILED, "late", T0)).isFalse();

        assertThat(statuses(rollout)).containsExactly(SUCCEEDED, IN_PROGRESS);
    }

    @Test
    void aRestoredSnapshotContinuesWhereItWas() {
        Rollout rollout = Rollout.plan(definition(1, 1), List.of("d1", "d2"), T0);
        rollout.advance(T0);
        start(rollout, "d1");

        Rollout restored = Rollout.restore(rollout.snapshot());
        assertThat(restored.snapshot()).isEqualTo(rollout.snapshot());
        assertThat(restored.inFlight()).extracting(RolloutTarget::commandId).containsExactly("c-d1");

        restored.commandChanged("d1", "c-d1", CommandStatus.EXECUTED, null, T0);
        assertThat(restored.advance(T0)).containsExactly("d2");
    }

    @Test
    void refusesAnEmptyOrRepeatingDeviceListAndABadDefinition() {
        assertThatThrownBy(() -> Rollout.plan(definition(1, 1), List.of(), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rollout.plan(definition(1, 1), List.of("d1", "d1"), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> definition(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> definition(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void start(Rollout rollout, String... deviceIds) {
        for (String deviceId : deviceIds) {
            rollout.started(deviceId, "c-" + deviceId, CommandStatus.QUEUED, T0);
        }
    }

    private static List<RolloutTargetStatus> statuses(Rollout rollout) {
        return rollout.snapshot().targets().stream().map(RolloutTarget::status).toList();
    }
}
