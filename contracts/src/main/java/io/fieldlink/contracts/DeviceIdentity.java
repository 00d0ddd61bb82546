package io.fieldlink.contracts;

/**
 * Identity of a device as the network reported it. Any field may be null when not sent.
 */
public record DeviceIdentity(String imsi, String imei, String msisdn, String simId) {

    public static final DeviceIdentity NONE = new DeviceIdentity(null, null, null, null);
}
