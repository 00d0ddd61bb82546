package io.fieldlink.command.rollout;

import io.fieldlink.command.artifacts.Artifact;
import io.fieldlink.command.artifacts.DownloadUrl;
import io.fieldlink.command.lifecycle.Acceptance;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandConflictException;
import io.fieldlink.command.rollout.RolloutPorts.ArtifactSource;
import io.fieldlink.command.rollout.RolloutPorts.DeviceSource;
import io.fieldlink.command.rollout.RolloutPorts.RolloutStore;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.RolloutTarget;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.fieldlink.command.rollout.RolloutProblems.violation;

/**
 * Every rollout of the service: creates them (API), starts their batches by putting one {@code firmware.update}
 * command per device into the {@link CommandBook} (so transport, retries, offline hold, expiry and the journal are
 * the commands'), moves them on as the book reports its transitions, and stores every change on
 * {@code iot.rollouts.v1}. All methods are synchronized; transitions arrive from the {@link RolloutTransitions}
 * thread, never from inside the book's lock.
 */
final class RolloutCoordinator {

    static final String COMMAND_NAME = "firmware.update";
    static final String ORIGIN_PREFIX = "rollout:";

    private final CommandBook book;
    private final ArtifactSource artifacts;
    private final DeviceSource devices;
    private final RolloutStore store;
    private final int maxDevices;
    private final Clock clock;

    private final Map<String, Rollout> rollouts = new HashMap<>();
    /** {@code tenantId + '\n' + Idempotency-Key} to rollout id. */
    private final Map<String, String> byIdempotencyKey = new HashMap<>();
    /** Rollouts whose latest change Kafka has not acknowledged yet; {@link #storeUnstored} tries again. */
    private final Set<String> unstored = new LinkedHashSet<>();
    private boolean loaded;

    RolloutCoordinator(CommandBook book, ArtifactSource artifacts, DeviceSource devices, RolloutStore store,
                       int maxDevices, Clock clock) {
        this.book = book;
        this.artifacts = artifacts;
        this.devices = devices;
        this.store = store;
        this.maxDevices = maxDevices;
        this.clock = clock;
    }

    /**
     * Creates a rollout of the caller's artifact to the caller's devices, stores it and starts its first batch.
     * With an idempotency key a repeated POST returns the rollout of the first one.
     *
     * @return the rollout and whether it was created now (false: the idempotency key's earlier rollout)
     */
    synchronized Created create(String tenantId, String keyId, RolloutRequestRules.Checked request,
                                String idempotencyKey) {
        requireLoaded();
        if (idempotencyKey != null) {
            String known = byIdempotencyKey.get(tenantId + "\n" + idempotencyKey);
            if (known != null) {
                Rollout earlier = rollouts.get(known);
                if (!sameRequest(earlier.snapshot(), request)) {
                    throw RolloutProblems.idempotencyKeyReused(idempotencyKey);
                }
                return new Created(earlier.snapshot(), false);
            }
        }
        Artifact artifact = artifacts.find(tenantId, request.artifactId())
                .orElseThrow(() -> RolloutProblems.artifactNotFound(request.artifactId()));
        List<String> targets = resolveDevices(tenantId, request);
        Instant now = clock.instant();
        Rollout rollout = Rollout.plan(new Rollout.Definition(RolloutIds.newRolloutId(now), tenantId, artifact.id(),
                artifact.name(), artifact.version(), artifact.sha256(), artifact.size(), request.transport(),
                request.batchSize(), request.failureThreshold(), request.timeToLive(), request.group(),
                idempotencyKey, "api:" + keyId, now), targets, now);
        // stored before anything is sent: a rollout the API refused never updates a device
        if (!store.store(rollout.snapshot())) {
            throw RolloutProblems.unavailable();
        }
        register(rollout);
        drive(rollout);
        persist(rollout, 1);
        return new Created(rollout.snapshot(), true);
    }

    record Created(RolloutChanged rollout, boolean created) {
    }

    synchronized RolloutChanged find(String tenantId, String rolloutId) {
        requireLoaded();
        Rollout rollout = rollouts.get(rolloutId);
        if (rollout == null || !rollout.definition().tenantId().equals(tenantId)) {
            throw RolloutProblems.notFound(rolloutId);
        }
        return rollout.snapshot();
    }

    /** The tenant's rollouts, newest first, at most {@code limit}. */
    synchronized List<RolloutChanged> list(String tenantId, int limit) {
        requireLoaded();
        return rollouts.values().stream()
                .filter(rollout -> rollout.definition().tenantId().equals(tenantId))
                .sorted(Comparator.comparing((Rollout rollout) -> rollout.definition().rolloutId()).reversed())
                .limit(limit)
                .map(Rollout::snapshot)
                .toList();
    }

    /** A transition of the book (from {@link RolloutTransitions}); only commands of a rollout matter. */
    synchronized void commandChanged(CommandStatusChanged record) {
        if (!loaded || record.origin() == null || !record.origin().startsWith(ORIGIN_PREFIX)) {
            // before the load, the reconciliation after it reads the book's state instead
            return;
        }
        Rollout rollout = rollouts.get(record.origin().substring(ORIGIN_PREFIX.length()));
        if (rollout == null || !rollout.definition().tenantId().equals(record.tenantId())) {
            return;
        }
        long before = rollout.revision();
        if (rollout.commandChanged(record.deviceId(), record.commandId(), record.status(), record.detail(),
                clock.instant())) {
            drive(rollout);
            persist(rollout, before);
        }
    }

    /** Takes a record read back from {@code iot.rollouts.v1} at startup; the latest revision of a rollout wins. */
    synchronized void restore(RolloutChanged record) {
        Rollout existing = rollouts.get(record.rolloutId());
        if (existing == null || existing.revision() <= record.revision()) {
            register(Rollout.restore(record));
        }
    }

    /**
     * After the load (and the journal's replay): every device in flight takes its command's status from the book,
     * one whose command the book does not have is started again (same command id), and every rollout moves on.
     */
    synchronized void loadedAndReconcile() {
        loaded = true;
        for (Rollout rollout : List.copyOf(rollouts.values())) {
            long before = rollout.revision();
            Instant now = clock.instant();
            for (RolloutTarget target : rollout.inFlight()) {
                Optional<CommandStatusChanged> command = target.commandId() == null ? Optional.empty()
                        : book.find(rollout.definition().tenantId(), target.commandId());
                if (command.isPresent()) {
                    rollout.commandChanged(target.deviceId(), target.commandId(), command.get().status(),
                            command.get().detail(), now);
                } else {
                    launch(rollout, target.deviceId(), now);
                }
            }
            drive(rollout);
            persist(rollout, before);
        }
    }

    synchronized boolean loaded() {
        return loaded;
    }

    /** Stores the latest state of rollouts whose last write Kafka did not acknowledge; returns how many are left. */
    synchronized int storeUnstored() {
        for (String rolloutId : List.copyOf(unstored)) {
            if (!store.store(rollouts.get(rolloutId).snapshot())) {
                break;
            }
            unstored.remove(rolloutId);
        }
        return unstored.size();
    }

    private void register(Rollout rollout) {
        Rollout.Definition definition = rollout.definition();
        rollouts.put(definition.rolloutId(), rollout);
        if (definition.idempotencyKey() != null) {
            byIdempotencyKey.put(definition.tenantId() + "\n" + definition.idempotencyKey(), definition.rolloutId());
        }
    }

    private List<String> resolveDevices(String tenantId, RolloutRequestRules.Checked request) {
        if (request.group() != null) {
            List<String> members = devices.inGroup(tenantId, request.group(), maxDevices + 1);
            if (members.isEmpty()) {
                throw RolloutProblems.noDevices(request.group());
            }
            if (members.size() > maxDevices) {
                throw RolloutProblems.invalid(List.of(violation("group",
                        "has more than " + maxDevices + " devices (max-devices)")));
            }
            return members;
        }
        List<Map<String, String>> violations = new ArrayList<>();
        for (int i = 0; i < request.deviceIds().size(); i++) {
            if (!devices.belongsTo(tenantId, request.deviceIds().get(i))) {
                violations.add(violation("deviceIds[" + i + "]", "is not one of your devices"));
            }
        }
        if (!violations.isEmpty()) {
            throw RolloutProblems.invalid(violations);
        }
        return request.deviceIds();
    }

    /** Starts batches while there is one to start (a batch whose every device failed to start is finished at once). */
    private void drive(Rollout rollout) {
        List<String> batch;
        while (!(batch = rollout.advance(clock.instant())).isEmpty()) {
            for (String deviceId : batch) {
                launch(rollout, deviceId, clock.instant());
            }
        }
    }

    /**
     * Puts the device's command into the book: a fresh presigned URL (valid for the rollout's time to live, which
     * is also the command's, so a stale URL is never sent). A command the book already has (after a restart) is
     * taken as it is.
     */
    private void launch(Rollout rollout, String deviceId, Instant now) {
        Rollout.Definition definition = rollout.definition();
        String commandId = RolloutIds.commandId(definition.rolloutId(), deviceId);
        Optional<CommandStatusChanged> known = book.find(definition.tenantId(), commandId);
        if (known.isPresent()) {
            rollout.started(deviceId, commandId, null, now);
            rollout.commandChanged(deviceId, commandId, known.get().status(), known.get().detail(), now);
            return;
        }
        DownloadUrl url;
        try {
            url = artifacts.presign(definition.tenantId(), definition.artifactId(), definition.timeToLive());
        } catch (RuntimeException e) {
            rollout.finished(deviceId, "no download URL: " + e.getMessage(), now);
            return;
        }
        Map<String, String> parameters = new HashMap<>();
        parameters.put("url", url.url().toString());
        parameters.put("sha256", definition.sha256());
        parameters.put("name", definition.artifactName());
        parameters.put("version", definition.artifactVersion());
        parameters.put("size", Long.toString(definition.size()));
        parameters.put("artifactId", definition.artifactId());
        parameters.put("rolloutId", definition.rolloutId());
        DeviceCommandRequested request = new DeviceCommandRequested(commandId, definition.tenantId(), deviceId,
                COMMAND_NAME, parameters, now, definition.timeToLive(), ORIGIN_PREFIX + definition.rolloutId());
        try {
            Acceptance acceptance = book.accept(request, definition.transport());
            rollout.started(deviceId, commandId, null, now);
            rollout.commandChanged(deviceId, commandId, acceptance.command().status(), acceptance.command().detail(),
                    now);
        } catch (CommandConflictException e) {
            // cannot happen with ids derived from rollout and device, unless a command was forged with that id
            rollout.finished(deviceId, "command id " + commandId + " is taken by another command", now);
        } catch (RuntimeException e) {
            rollout.finished(deviceId, "command not accepted: " + e.getMessage(), now);
        }
    }

    private void persist(Rollout rollout, long revisionBefore) {
        if (rollout.revision() == revisionBefore) {
            return;
        }
        String id = rollout.definition().rolloutId();
        if (!store.store(rollout.snapshot())) {
            // kept in memory; the sweep stores the latest state (the topic is compacted: only that matters)
            unstored.add(id);
        }
    }

    private static boolean sameRequest(RolloutChanged earlier, RolloutRequestRules.Checked request) {
        boolean sameDevices = request.deviceIds() == null
                ? Objects.equals(earlier.group(), request.group())
                : earlier.group() == null && earlier.targets().stream().map(RolloutTarget::deviceId).toList()
                        .equals(request.deviceIds());
        return sameDevices && earlier.artifactId().equals(request.artifactId())
                && earlier.batchSize() == request.batchSize()
                && earlier.failureThreshold() == request.failureThreshold()
                && earlier.transport() == request.transport()
                && earlier.timeToLive().equals(request.timeToLive());
    }

    private void requireLoaded() {
        if (!loaded) {
            throw RolloutProblems.loading();
        }
    }
}
