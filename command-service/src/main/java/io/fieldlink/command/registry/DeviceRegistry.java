package io.fieldlink.command.registry;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.web.IfMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device registry: every device any tenant has, in memory, backed by the compacted topic
 * {@code iot.devices.v1} (one record per change, key = device id; the latest record is the profile).
 *
 * <p>Every change is published first and applied in memory only once Kafka acknowledged it, so whatever the API
 * answered survives a restart, and a failed write leaves memory as it was. Writes of one device are serialised on
 * its entry; reads never lock.
 *
 * <p>A device id belongs to one tenant (the key of the topic is the device id alone): the tenant whose contact
 * registered it first. Contacts naming the same id for another tenant are ignored and counted
 * ({@link #tenantConflicts()}); device ids are IMSIs, SIM ids or IMEIs, which are unique across operators.
 *
 * <p>Contacts ({@link #seen}) update the last-seen time in memory on every reading but write it at most once per
 * {@code last-seen-write-interval} per device: a record per reading would turn the compacted topic into a second
 * telemetry stream. {@link #writePendingLastSeen()} writes what is still pending once the interval has passed, so
 * the stored last-seen trails the truth by at most one interval plus the sweep period.
 */
public final class DeviceRegistry {

    private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);

    private final ProfilePublisher publisher;
    private final CommandProperties.Registry settings;
    private final Clock clock;
    private final ConcurrentHashMap<String, DeviceEntry> byDeviceId = new ConcurrentHashMap<>();
    /** Per tenant, sorted by device id: the order of the API's pages. */
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, DeviceEntry>> byTenant = new ConcurrentHashMap<>();
    private final AtomicLong tenantConflicts = new AtomicLong();
    private volatile boolean loaded;

    DeviceRegistry(ProfilePublisher publisher, CommandProperties.Registry settings, Clock clock) {
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * A contact with a device: a reading, or an LwM2M registration. Registers an unknown device (first seen
     * {@code time}) and moves its last-seen time forward; writes to Kafka only for a new device, a changed
     * identity, or a last-seen time not written for an interval. Blocks while such a write is in flight.
     *
     * @param identity what the network vouched for; null or {@link DeviceIdentity#NONE} keeps the known one
     * @return false when the device id belongs to another tenant (nothing changed)
     * @throws IllegalStateException before the registry is loaded (callers start after {@link #markLoaded()})
     * @throws io.fieldlink.support.problem.ApiProblemException 503 when a needed write was not acknowledged; the
     *                                                          next contact tries again
     */
    public boolean seen(String tenantId, String deviceId, DeviceIdentity identity, SourceProtocol protocol,
                        Instant time) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(time, "time");
        if (!loaded) {
            throw new IllegalStateException("the device registry is still loading");
        }
        DeviceEntry entry = entry(tenantId, deviceId);
        if (entry == null) {
            long conflicts = tenantConflicts.incrementAndGet();
            if (conflicts == 1 || conflicts % 1000 == 0) {
                log.warn("Device {} belongs to another tenant than {}; contact ignored ({} such contacts so far)",
                        deviceId, tenantId, conflicts);
            }
            return false;
        }
        DeviceIdentity reported = identity == null || identity.equals(DeviceIdentity.NONE) ? null : identity;
        synchronized (entry) {
            DeviceEntry.State state = entry.state;
            if (state.seenAt() == null || time.isAfter(state.seenAt())) {
                state = new DeviceEntry.State(state.stored(), time, protocol,
                        reported != null ? reported : state.seenIdentity());
                entry.state = state;
            }
            DeviceProfileChanged stored = state.stored();
            Instant now = clock.instant();
            if (stored == null) {
                write(entry, new DeviceProfileChanged(tenantId, deviceId, null, now, state.identity(), time,
                        state.lastSeen(), state.lastProtocol(), null, null, null, 1L));
            } else if (reported != null && !reported.equals(stored.identity())
                    || state.lastSeenPending() && intervalPassed(stored, now)) {
                write(entry, refreshed(state, now));
            }
        }
        return true;
    }

    /** Writes the last-seen time of every device whose newer contact has waited an interval; returns how many. */
    int writePendingLastSeen() {
        int written = 0;
        for (DeviceEntry entry : byDeviceId.values()) {
            DeviceEntry.State unlocked = entry.state;
            if (!unlocked.lastSeenPending() || !intervalPassed(unlocked.stored(), clock.instant())) {
                continue;
            }
            synchronized (entry) {
                DeviceEntry.State state = entry.state;
                Instant now = clock.instant();
                if (state.lastSeenPending() && intervalPassed(state.stored(), now)) {
                    write(entry, refreshed(state, now));
                    written++;
                }
            }
        }
        return written;
    }

    /** The 404 {@code device-not-found} of every API that names a device the caller's tenant does not have. */
    public static ApiProblemException deviceNotFound(String deviceId) {
        return ApiProblems.deviceNotFound(deviceId);
    }

    /**
     * The tenant a device id belongs to (the one whose contact registered it first); empty for an unknown device.
     * For command delivery: a device's MQTT status and answers carry only its id.
     */
    public Optional<String> tenantOf(String deviceId) {
        DeviceEntry entry = byDeviceId.get(deviceId);
        return entry == null ? Optional.empty() : Optional.of(entry.tenantId);
    }

    /**
     * Ids of the tenant's devices in {@code group}, sorted, at most {@code limit} (rollouts resolve their group this
     * way).
     */
    public List<String> deviceIdsInGroup(String tenantId, String group, int limit) {
        return list(tenantId, null, group, limit, null).items().stream().map(Device::deviceId).toList();
    }

    /** The tenant's device; empty for an unknown device and for another tenant's. */
    Optional<Device> find(String tenantId, String deviceId) {
        requireLoaded();
        DeviceEntry entry = byDeviceId.get(deviceId);
        if (entry == null || !entry.tenantId.equals(tenantId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(view(entry.state));
    }

    /**
     * A page of the tenant's devices in device id order.
     *
     * @param tag   only devices with this tag (null: any)
     * @param group only devices in this group (null: any)
     * @param after continue after this device id (null: from the start)
     */
    DevicePage list(String tenantId, String tag, String group, int limit, String after) {
        requireLoaded();
        ConcurrentSkipListMap<String, DeviceEntry> devices = byTenant.get(tenantId);
        if (devices == null) {
            return new DevicePage(List.of(), null);
        }
        ConcurrentNavigableMap<String, DeviceEntry> rest = after == null ? devices : devices.tailMap(after, false);
        List<Device> items = new ArrayList<>();
        for (DeviceEntry entry : rest.values()) {
            Device device = view(entry.state);
            if (device == null || tag != null && !device.tags().contains(tag)
                    || group != null && !device.groups().contains(group)) {
                continue;
            }
            if (items.size() == limit) {
                // one more match exists: the page is full and not the last
                return new DevicePage(List.copyOf(items), items.getLast().deviceId());
            }
            items.add(device);
        }
        return new DevicePage(List.copyOf(items), null);
    }

    /**
     * Applies a merge patch to the tenant's device and stores it (revision + 1); a patch that changes nothing
     * stores nothing and returns the device as it is. Devices are created by contacts only, never by a patch.
     *
     * @throws io.fieldlink.support.problem.ApiProblemException 404 unknown or another tenant's device, 412 when
     *                                                          {@code ifMatch} does not match, 400 when the result
     *                                                          breaks a count limit, 503 when not stored
     */
    Device patch(String tenantId, String deviceId, DevicePatch patch, IfMatch ifMatch) {
        requireLoaded();
        DeviceEntry entry = byDeviceId.get(deviceId);
        if (entry == null || !entry.tenantId.equals(tenantId)) {
            throw ApiProblems.deviceNotFound(deviceId);
        }
        synchronized (entry) {
            DeviceEntry.State state = entry.state;
            DeviceProfileChanged stored = state.stored();
            if (stored == null) {
                throw ApiProblems.deviceNotFound(deviceId);
            }
            if (ifMatch != null && !ifMatch.matches(stored.revision())) {
                throw ApiProblems.revisionMismatch(deviceId, stored.revision());
            }
            DevicePatch.Editable current = new DevicePatch.Editable(stored.displayName(), stored.metadata(),
                    stored.tags(), stored.groups());
            DevicePatch.Editable patched = patch.applyTo(current);
            List<PatchViolation> violations = DevicePatch.limitViolations(patched, settings);
            if (!violations.isEmpty()) {
                throw ApiProblems.invalidPatch(violations);
            }
            if (patched.equals(current)) {
                return view(state);
            }
            Instant now = clock.instant();
            // the freshest contact rides along: this record resets the last-seen interval anyway
            write(entry, new DeviceProfileChanged(tenantId, deviceId, patched.tags(), now, state.identity(),
                    stored.firstSeen(), state.lastSeen(), state.lastProtocol(), patched.displayName(),
                    patched.metadata(), patched.groups(), stored.revision() + 1));
            return view(entry.state);
        }
    }

    /**
     * Applies a record read back from {@code iot.devices.v1} while loading; null (a tombstone) forgets the device.
     * A later record of the same id replaces the earlier one, whichever tenant it names.
     */
    void restore(String deviceId, DeviceProfileChanged profile) {
        DeviceEntry existing = byDeviceId.get(deviceId);
        if (existing != null && (profile == null || !existing.tenantId.equals(profile.tenantId()))) {
            byDeviceId.remove(deviceId);
            ConcurrentSkipListMap<String, DeviceEntry> tenantDevices = byTenant.get(existing.tenantId);
            if (tenantDevices != null) {
                tenantDevices.remove(deviceId);
            }
        }
        if (profile != null) {
            DeviceEntry entry = entry(profile.tenantId(), deviceId);
            entry.state = entry.state.withStored(profile);
        }
    }

    /** Called once the topic was read to its end: from now on the API answers and contacts are accepted. */
    void markLoaded() {
        loaded = true;
    }

    public boolean loaded() {
        return loaded;
    }

    /** Registered devices of all tenants. */
    int size() {
        return (int) byDeviceId.values().stream().filter(entry -> entry.state.stored() != null).count();
    }

    /** Contacts ignored because their device id belongs to another tenant. */
    long tenantConflicts() {
        return tenantConflicts.get();
    }

    private void requireLoaded() {
        if (!loaded) {
            throw ApiProblems.registryLoading();
        }
    }

    /** The entry of the device, created for this tenant when new; null when it belongs to another tenant. */
    private DeviceEntry entry(String tenantId, String deviceId) {
        DeviceEntry entry = byDeviceId.computeIfAbsent(deviceId, id -> {
            DeviceEntry created = new DeviceEntry(tenantId, id);
            byTenant.computeIfAbsent(tenantId, t -> new ConcurrentSkipListMap<>()).put(id, created);
            return created;
        });
        return entry.tenantId.equals(tenantId) ? entry : null;
    }

    private boolean intervalPassed(DeviceProfileChanged stored, Instant now) {
        Instant written = stored.changedAt();
        return written == null || !now.isBefore(written.plus(settings.lastSeenWriteInterval()));
    }

    /** The stored profile with the contact known in memory. */
    private static DeviceProfileChanged refreshed(DeviceEntry.State state, Instant now) {
        DeviceProfileChanged stored = state.stored();
        return new DeviceProfileChanged(stored.tenantId(), stored.deviceId(), stored.tags(), now, state.identity(),
                stored.firstSeen(), state.lastSeen(), state.lastProtocol(), stored.displayName(), stored.metadata(),
                stored.groups(), stored.revision() + 1);
    }

    /**
     * Publishes, then, only once Kafka acknowledged it, makes the record the entry's stored profile. The caller
     * holds the entry's lock, so no other write of this device is in between.
     */
    private void write(DeviceEntry entry, DeviceProfileChanged next) {
        publisher.publish(next);
        entry.state = entry.state.withStored(next);
    }

    private Device view(DeviceEntry.State state) {
        DeviceProfileChanged stored = state.stored();
        if (stored == null) {
            return null;
        }
        Instant lastSeen = state.lastSeen();
        boolean online = lastSeen != null && !lastSeen.isBefore(clock.instant().minus(settings.onlineWindow()));
        return new Device(stored.tenantId(), stored.deviceId(), state.identity(), stored.firstSeen(), lastSeen, online,
                state.lastProtocol(), stored.displayName(), stored.metadata(), stored.tags(), stored.groups(),
                stored.revision(), stored.changedAt());
    }

}
