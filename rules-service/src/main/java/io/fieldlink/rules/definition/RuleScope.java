package io.fieldlink.rules.definition;

/**
 * Which of the tenant's devices a rule watches: one device ({@code deviceId}), devices carrying a tag
 * ({@code tag}, from the registry's {@code iot.devices.v1}), or all of them (both null). At most one is set.
 */
public record RuleScope(String deviceId, String tag) {

    public static final RuleScope ALL_DEVICES = new RuleScope(null, null);

    public boolean allDevices() {
        return deviceId == null && tag == null;
    }
}
