package io.fieldlink.rules.streams;

/**
 * Keys of the per-(device, rule) stores: {@code deviceId|tenantId/ruleId}. They start with the device id, so
 * one device's entries are a prefix scan; the rule key is taken after the last {@code |} (rule keys never
 * contain one), so a device id containing {@code |} is still read back correctly.
 */
final class StoreKeys {

    private static final char SEPARATOR = '|';

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
}
