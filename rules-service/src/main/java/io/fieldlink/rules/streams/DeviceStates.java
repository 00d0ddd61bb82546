package io.fieldlink.rules.streams;

import io.fieldlink.rules.evaluation.RuleState;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule states of one task's devices: the changelogged store, read through a bounded cache of the states as
 * objects. Every reading needs all states of its device, and reading them back from the store (prefix scan and
 * JSON) was a sixth of the stream thread's time with window rules (docs/benchmarks.md).
 * <p>
 * The store stays the source of truth: every write goes to it (and so to the changelog) before the cache, and the
 * cache is only ever filled from it. The processor drops the cache whenever Kafka Streams (re)initialises or closes
 * it: after a restore, a task revived after an aborted transaction, or a rebalance it starts empty and is refilled
 * from the restored store, so it never holds a state that the committed changelog does not. Only the processor that
 * owns this object writes the store (it is connected to that processor alone).
 */
final class DeviceStates {

    private final KeyValueStore<String, RuleState> store;
    /** Least recently read device first; a device without states is cached too (an empty map), which saves a scan. */
    private final LinkedHashMap<String, Map<String, RuleState>> cache;

    DeviceStates(KeyValueStore<String, RuleState> store, int maxCachedDevices) {
        this.store = store;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, RuleState>> eldest) {
                return size() > maxCachedDevices;
            }
        };
    }

    /** The device's states by rule key (a read-only view that follows later writes). */
    Map<String, RuleState> of(String deviceId) {
        return Collections.unmodifiableMap(cache.computeIfAbsent(deviceId, id -> StoreKeys.ofDevice(store, id)));
    }

    void put(String deviceId, String ruleKey, RuleState state) {
        store.put(StoreKeys.of(deviceId, ruleKey), state);
        Map<String, RuleState> cached = cache.get(deviceId);
        if (cached != null) {
            cached.put(ruleKey, state);
        }
    }

    void delete(String deviceId, String ruleKey) {
        store.delete(StoreKeys.of(deviceId, ruleKey));
        Map<String, RuleState> cached = cache.get(deviceId);
        if (cached != null) {
            cached.remove(ruleKey);
        }
    }

    /** Every state of the task, from the store (walks that write must copy first). */
    KeyValueIterator<String, RuleState> all() {
        return store.all();
    }

    /** Forgets every cached state: the store is read again on next use. */
    void clear() {
        cache.clear();
    }
}
