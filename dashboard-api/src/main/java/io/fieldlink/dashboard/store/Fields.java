package io.fieldlink.dashboard.store;

/** Field names of the read model's documents (see {@link IndexTemplates} for their mapping). */
public final class Fields {

    public static final String TENANT_ID = "tenantId";
    public static final String DEVICE_ID = "deviceId";
    public static final String MESSAGE_ID = "messageId";
    public static final String EVENT_TIME = "eventTime";
    public static final String RECEIVED_TIME = "receivedTime";
    public static final String SOURCE_PROTOCOL = "sourceProtocol";
    public static final String IDENTITY = "identity";
    public static final String MEASUREMENTS = "measurements";
    public static final String ATTRIBUTES = "attributes";

    /** Device documents: event time of the newest reading seen. */
    public static final String LAST_SEEN = "lastSeen";
    /** Device documents: {@link #LAST_SEEN} in epoch microseconds, the ordering key of the upsert script. */
    public static final String LAST_SEEN_MICROS = "lastSeenMicros";
    /** Device documents: message id of the newest reading seen (tie-break for equal times). */
    public static final String LAST_MESSAGE_ID = "lastMessageId";

    private Fields() {
    }
}
