package io.fieldlink.command.rollout;

import io.fieldlink.command.artifacts.Artifact;
import io.fieldlink.command.artifacts.DownloadUrl;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.command.lifecycle.LifecycleSettings;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.RolloutStatus;
import io.fieldlink.contracts.RolloutTarget;
import io.fieldlink.contracts.RolloutTargetStatus;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The coordinator over a real {@link CommandBook} whose transport records the sends; the book's transitions are
 * handed to the coordinator after each step, as the {@link RolloutTransitions} thread does.
 */
class RolloutCoordinatorTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final String TENANT = "OP-A";
    static final Artifact ARTIFACT = new Artifact("0193a1b2c3d4aabbccdd", "sprinkler-fw", "1.4.2", "firmware", 1234,
            "ab".repeat(32), "application/octet-stream", NOW);
    // a presigned URL is long: more than the API's max-parameter-length must still go through
    static final String LONG_URL = "https://s3.example/bucket/artifacts/OP-A/x?X-Amz-Signature=" + "f".repeat(1100);

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final List<CommandDispatch> sends = new ArrayList<>();
    final List<CommandStatusChanged> transitions = new ArrayList<>();
    final CommandBook book = new CommandBook(LifecycleSettings.DEFAULT, sends::add, transitions::add, clock);
    final List<RolloutChanged> stored = new ArrayList<>();
    boolean storeWorks = true;
    final List<String> group = new ArrayList<>(List.of("d1", "d2", "d3", "d4"));
    final List<Duration> presignedFor = new ArrayList<>();

    final RolloutPorts.ArtifactSource artifacts = new RolloutPorts.ArtifactSource() {
        @Override
        public Optional<Artifact> find(String tenantId, String artifactId) {
            return TENANT.equals(tenantId) && ARTIFACT.id().equals(artifactId) ? Optional.of(ARTIFACT)
                    : Optional.empty();
        }

        @Override
        public DownloadUrl presign(String tenantId, String artifactId, Duration expiry) {
            presignedFor.add(expiry);
            return new DownloadUrl(URI.create(LONG_URL), NOW.plus(expiry), ARTIFACT.sha256(), ARTIFACT.size());
        }
    };
    final RolloutPorts.DeviceSource devices = new RolloutPorts.DeviceSource() {
        @Override
        public List<String> inGroup(String tenantId, String name, int limit) {
            return TENANT.equals(tenantId) && "north".equals(name) ? group.stream().limit(limit).toList() : List.of();
        }

        @Override
        public boolean belongsTo(String tenantId, String deviceId) {
            return TENANT.equals(tenantId) && deviceId.startsWith("d");
        }
    };
    final RolloutCoordinator coordinator = new RolloutCoordinator(book, artifacts, devices,
            record -> storeWorks && stored.add(record), 10, clock);

    RolloutCoordinatorTest() {
        coordinator.loadedAndReconcile();
    }

    @Test
    void theFirstBatchGetsFirmwareUpdateCommandsWithEverythingTheDeviceNeeds() {
        RolloutChanged rollout = create(request("north", null, 2, 1), null).rollout();

        assertThat(sends).extracting(CommandDispatch::deviceId).containsExactly("d1", "d2");
        var command = sends.getFirst().command();
        assertThat(command.name()).isEqualTo("firmware.update");
        assertThat(command.parameters()).containsEntry("url", LONG_URL).containsEntry("sha256", ARTIFACT.sha256())
                .containsEntry("name", "sprinkler-fw").containsEntry("version", "1.4.2").containsEntry("size", "1234")
                .containsEntry("artifactId", ARTIFACT.id()).containsEntry("rolloutId", rollout.rolloutId());
        assertThat(command.expiresAt()).as("the command lives as long as its URL").isEqualTo(NOW.plusSeconds(900));
        assertThat(presignedFor).containsOnly(Duration.ofMinutes(15));
        assertThat(rollout.targets()).extracting(RolloutTarget::status).containsExactly(
                RolloutTargetStatus.IN_PROGRESS, RolloutTargetStatus.IN_PROGRESS, RolloutTargetStatus.PENDING,
                RolloutTargetStatus.PENDING);
        assertThat(rollout.targets().getFirst().commandId()).isEqualTo(command.commandId());
        assertThat(stored).as("stored before the sends, and after").hasSizeGreaterThanOrEqualTo(2);
        assertThat(stored.getFirst().currentBatch()).isZero();
    }

    @Test
    void executedCommandsStartTheNextBatchAndTheRolloutCompletes() {
        String id = create(request("north", null, 2, 1), null).rollout().rolloutId();

        answerAll("executed");
        assertThat(sends).extracting(CommandDispatch::deviceId).containsExactly("d1", "d2", "d3", "d4");
        answerAll("executed");

        RolloutChanged done = coordinator.find(TENANT, id);
        assertThat(done.status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(done.targets()).extracting(RolloutTarget::status).containsOnly(RolloutTargetStatus.SUCCEEDED);
        assertThat(stored.getLast()).isEqualTo(done);
    }

    @Test
    void aFailedDeviceHaltsTheRolloutAndTheRestIsSkipped() {
        String id = create(request("north", null, 2, 1), null).rollout().rolloutId();

        book.failed(sends.get(0).command().commandId(), "device: integrity check failed", true);
        book.executed(sends.get(1).command().commandId(), Map.of());
        drain();

        RolloutChanged halted = coordinator.find(TENANT, id);
        assertThat(halted.status()).isEqualTo(RolloutStatus.HALTED);
        assertThat(halted.targets()).extracting(RolloutTarget::status).containsExactly(RolloutTargetStatus.FAILED,
                RolloutTargetStatus.SUCCEEDED, RolloutTargetStatus.SKIPPED, RolloutTargetStatus.SKIPPED);
        assertThat(halted.targets().getFirst().detail()).isEqualTo("device: integrity check failed");
        assertThat(sends).hasSize(2);
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstRolloutAndRefusesADifferentOne() {
        RolloutCoordinator.Created first = create(request("north", null, 2, 1), "k-1");
        RolloutCoordinator.Created again = create(request("north", null, 2, 1), "k-1");

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.rollout().rolloutId()).isEqualTo(first.rollout().rolloutId());
        assertThat(sends).hasSize(2);
        assertThatThrownBy(() -> create(request("north", null, 3, 1), "k-1"))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).endsWith("idempotency-key-reused"));
    }

    @Test
    void refusesAnUnknownArtifactAnEmptyGroupAndDevicesOfAnotherTenant() {
        assertThatThrownBy(() -> coordinator.create(TENANT, "k", new RolloutRequestRules.Checked("ffffffffffffffffffff",
                "north", null, 1, 1, CommandTransport.AUTO, Duration.ofMinutes(15)), null))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).endsWith("artifact-not-found"));
        assertThatThrownBy(() -> create(request("south", null, 1, 1), null))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.type()).endsWith("no-devices"));
        assertThatThrownBy(() -> create(request(null, List.of("d1", "x9"), 1, 1), null))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.type()).endsWith("invalid-rollout");
                    assertThat(e.toProblemDetail().getProperties().get("violations").toString()).contains("deviceIds[1]");
                });
        assertThat(sends).isEmpty();
    }

    @Test
    void aRolloutKafkaDidNotStoreIsRefusedAndSendsNothing() {
        storeWorks = false;

        assertThatThrownBy(() -> create(request("north", null, 2, 1), null))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).endsWith("rollouts-unavailable"));
        assertThat(sends).isEmpty();
        assertThat(coordinator.list(TENANT, 10)).isEmpty();
    }

    @Test
    void progressKafkaDidNotStoreIsStoredByTheSweep() {
        String id = create(request("north", null, 2, 1), null).rollout().rolloutId();
        storeWorks = false;
        answerAll("executed");
        assertThat(coordinator.storeUnstored()).isEqualTo(1);

        storeWorks = true;
        assertThat(coordinator.storeUnstored()).isZero();
        assertThat(stored.getLast()).isEqualTo(coordinator.find(TENANT, id));
    }

    @Test
    void aRestartReconcilesDevicesInFlightWithTheReplayedBookAndMovesOn() {
        String id = create(request("north", null, 2, 1), null).rollout().rolloutId();
        RolloutChanged beforeRestart = stored.getLast();
        // answered while the service was down, as the replayed journal says; not observed by anyone
        book.executed(sends.get(0).command().commandId(), Map.of());
        book.executed(sends.get(1).command().commandId(), Map.of());
        transitions.clear();
        sends.clear();

        RolloutCoordinator restarted = new RolloutCoordinator(book, artifacts, devices, stored::add, 10, clock);
        restarted.restore(beforeRestart);
        assertThatThrownBy(() -> restarted.find(TENANT, id))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).endsWith("rollouts-loading"));
        restarted.loadedAndReconcile();

        RolloutChanged after = restarted.find(TENANT, id);
        assertThat(after.targets()).extracting(RolloutTarget::status).containsExactly(
                RolloutTargetStatus.SUCCEEDED, RolloutTargetStatus.SUCCEEDED, RolloutTargetStatus.IN_PROGRESS,
                RolloutTargetStatus.IN_PROGRESS);
        assertThat(sends).extracting(CommandDispatch::deviceId).containsExactly("d3", "d4");
        assertThat(stored.getLast()).isEqualTo(after);
    }

    @Test
    void aDeviceInFlightWhoseCommandTheBookNeverGotIsStartedAgainWithTheSameCommandId() {
        Rollout rollout = Rollout.plan(new Rollout.Definition("0193a1b2c3d4e5f60718", TENANT, ARTIFACT.id(),
                ARTIFACT.name(), ARTIFACT.version(), ARTIFACT.sha256(), ARTIFACT.size(), CommandTransport.AUTO, 1, 1,
                Duration.ofMinutes(15), null, null, "api:k", NOW), List.of("d1", "d2"), NOW);
        rollout.advance(NOW);
        // stored with d1 in progress, then the process died before the book accepted its command

        RolloutCoordinator restarted = new RolloutCoordinator(book, artifacts, devices, stored::add, 10, clock);
        restarted.restore(rollout.snapshot());
        restarted.loadedAndReconcile();

        assertThat(sends).extracting(dispatch -> dispatch.command().commandId())
                .containsExactly(RolloutIds.commandId("0193a1b2c3d4e5f60718", "d1"));
        assertThat(restarted.find(TENANT, "0193a1b2c3d4e5f60718").targets().getFirst().commandId())
                .isEqualTo(RolloutIds.commandId("0193a1b2c3d4e5f60718", "d1"));
    }

    @Test
    void listsOnlyTheTenantsRolloutsNewestFirstAndHidesOthers() {
        String first = create(request("north", null, 4, 1), null).rollout().rolloutId();
        String second = create(request(null, List.of("d9"), 1, 1), null).rollout().rolloutId();

        assertThat(coordinator.list(TENANT, 10)).extracting(RolloutChanged::rolloutId)
                .containsExactlyInAnyOrder(first, second);
        assertThat(coordinator.list(TENANT, 1)).hasSize(1);
        assertThat(coordinator.list("OP-B", 10)).isEmpty();
        assertThatThrownBy(() -> coordinator.find("OP-B", first))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).endsWith("rollout-not-found"));
    }

    private RolloutCoordinator.Created create(RolloutRequestRules.Checked request, String key) {
        RolloutCoordinator.Created created = coordinator.create(TENANT, "k", request, key);
        drain();
        return created;
    }

    private static RolloutRequestRules.Checked request(String group, List<String> deviceIds, int batchSize,
                                                       int threshold) {
        return new RolloutRequestRules.Checked(ARTIFACT.id(), group, deviceIds, batchSize, threshold,
                CommandTransport.AUTO, Duration.ofMinutes(15));
    }

    /** Answers every command sent so far and not finished, then hands the transitions over. */
    private void answerAll(String outcome) {
        for (CommandDispatch dispatch : List.copyOf(sends)) {
            if ("executed".equals(outcome)) {
                book.executed(dispatch.command().commandId(), Map.of());
            }
        }
        drain();
    }

    private void drain() {
        while (!transitions.isEmpty()) {
            coordinator.commandChanged(transitions.removeFirst());
        }
    }
}
