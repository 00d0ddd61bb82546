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

    /** Device documents (from the registry's profile): the device's tags, e.g. {@code greenhouse}. */
    public static final String TAGS = "tags";
    /** Device documents (from the registry's profile): the groups the device belongs to. */
    public static final String GROUPS = "groups";
    /** Device documents (from the registry's profile): the name people gave the device. */
    public static final String DISPLAY_NAME = "displayName";
    /** Device documents: revision of the profile stored, the ordering key of the profile upsert script. */
    public static final String PROFILE_REVISION = "profileRevision";

    /** Alert and command documents: the event's sequence, also the document's external version. */
    public static final String SEQUENCE = "sequence";
    /** Alert and command documents: when the transition that produced the stored state happened. */
    public static final String OCCURRED_AT = "occurredAt";
    public static final String STATUS = "status";

    public static final String ALERT_ID = "alertId";
    public static final String LAST_EVENT_TYPE = "lastEventType";
    public static final String RULE_ID = "ruleId";
    public static final String RULE_NAME = "ruleName";
    public static final String SEVERITY = "severity";
    public static final String RAISED_AT = "raisedAt";
    public static final String TRIGGER = "trigger";
    public static final String REASON = "reason";
    public static final String ACKNOWLEDGED_BY = "acknowledgedBy";
    public static final String ACKNOWLEDGED_AT = "acknowledgedAt";
    public static final String CLEARED_AT = "clearedAt";

    public static final String COMMAND_ID = "commandId";
    public static final String NAME = "name";
    public static final String PARAMETERS = "parameters";
    public static final String TRANSPORT = "transport";
    public static final String ATTEMPT = "attempt";
    public static final String DETAIL = "detail";
    public static final String RESULT = "result";
    public static final String REQUESTED_AT = "requestedAt";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String ORIGIN = "origin";

    /** Rollup documents: the measurement name, e.g. {@code soil.temp}. */
    public static final String METRIC = "metric";
    /** Rollup documents: start of the hour (UTC). */
    public static final String HOUR = "hour";
    public static final String MIN = "min";
    public static final String MAX = "max";
    public static final String SUM = "sum";
    /** Rollup documents: readings of the hour that carry the metric. */
    public static final String COUNT = "count";

    private Fields() {
    }
}
