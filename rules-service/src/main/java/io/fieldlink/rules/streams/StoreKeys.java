package io.fieldlink.rules.streams;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.Map;

/**
 * Keys of the per-(device, rule) stores: {@code deviceId|tenantId/ruleId}. They start with the device id, so
 * one device's entries are a prefix scan; the rule key is taken after the last {@code |} (rule keys never
 * contain one), so a device id containing {@code |} is still read back correctly.
 */
final class StoreKeys {

    private static final char SEPARATOR = '|';
    private static final StringSerializer KEYS = new StringSerializer();

    private StoreKeys() {
    }

    static String of(String deviceId, String ruleKey) {
        return deviceId + SEPARATOR + ruleKey;
    }

    /** Prefix of every key of the device (may also match a device whose id extends it: check {@link #deviceId}). */
    static String devicePrefix(String deviceId) {
        return deviceId + SEPARATOR;
    }

    static String deviceId(String storeKey) {
        return storeKey.substring(0, storeKey.lastIndexOf(SEPARATOR));
    }

    static String ruleKey(String storeKey) {
        return storeKey.substring(storeKey.lastIndexOf(SEPARATOR) + 1);
    }

    /** The device's entries of a per-(device, rule) store, by rule key: one prefix scan. */
    static <V> Map<String, V> ofDevice(KeyValueStore<String, V> store, String deviceId) {
        Map<String, V> result = new HashMap<>();
        try (KeyValueIterator<String, V> entries = store.prefixScan(devicePrefix(deviceId), KEYS)) {
            entries.forEachRemaining(entry -> {
                // the prefix also matches devices whose id extends this one
                if (entry.value != null && deviceId(entry.key).equals(deviceId)) {
                    result.put(ruleKey(entry.key), entry.value);
                }
            });
        }
        return result;
    }
}
