package io.fieldlink.command.registry;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;

import java.time.Instant;

/**
 * One device id in the registry. Writers synchronise on the entry (so revisions of one device never fork) and
 * replace {@link #state} only after Kafka acknowledged the record; readers take the volatile state without a
 * lock, so a list never waits behind a device whose write is in flight.
 */
final class DeviceEntry {

    /**
     * @param stored       the last profile Kafka acknowledged (null: not registered yet, invisible to the API)
     * @param seenAt       the latest contact known in memory, possibly newer than {@code stored.lastSeen()}
     * @param seenProtocol protocol of that contact
     * @param seenIdentity identity reported with the latest contact that had one
     */
    record State(DeviceProfileChanged stored, Instant seenAt, SourceProtocol seenProtocol, DeviceIdentity seenIdentity) {

        static final State EMPTY = new State(null, null, null, null);

        State withStored(DeviceProfileChanged profile) {
            return new State(profile, seenAt, seenProtocol, seenIdentity);
        }

        /** The latest contact: the newer of memory and the stored profile. */
        Instant lastSeen() {
            Instant storedSeen = stored == null ? null : stored.lastSeen();
            if (seenAt == null) {
                return storedSeen;
            }
            return storedSeen == null || seenAt.isAfter(storedSeen) ? seenAt : storedSeen;
        }

        SourceProtocol lastProtocol() {
            Instant storedSeen = stored == null ? null : stored.lastSeen();
            if (seenAt != null && (storedSeen == null || !seenAt.isBefore(storedSeen))) {
                return seenProtocol;
            }
            return stored == null ? seenProtocol : stored.lastProtocol();
        }

        DeviceIdentity identity() {
            return seenIdentity != null ? seenIdentity : stored == null ? null : stored.identity();
        }

        /** Memory knows a later contact than the stored profile says. */
        boolean lastSeenPending() {
            return stored != null && seenAt != null && (stored.lastSeen() == null || seenAt.isAfter(stored.lastSeen()));
        }
    }

    final String tenantId;
    final String deviceId;
    volatile State state = State.EMPTY;

    DeviceEntry(String tenantId, String deviceId) {
        this.tenantId = tenantId;
        this.deviceId = deviceId;
    }
}
