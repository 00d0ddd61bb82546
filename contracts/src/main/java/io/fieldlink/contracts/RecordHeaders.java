package io.fieldlink.contracts;

/** Names of Kafka record headers used across topics (values are UTF-8 strings). */
public final class RecordHeaders {

    /** Id that follows one request through every service it touches. */
    public static final String CORRELATION_ID = "fieldlink-correlation-id";
    /** Tenant (operator id) of the record, so consumers can route without parsing the payload. */
    public static final String TENANT_ID = "fieldlink-tenant-id";
    /** Version of the payload schema; additive changes keep the number. */
    public static final String SCHEMA = "fieldlink-schema";

    /** On a dead-letter topic: why the record could not be processed (never contains secrets). */
    public static final String DLQ_REASON = "fieldlink-dlq-reason";

    /** On a dead-letter topic: the entry point the input came from ({@link SourceProtocol} wire name). */
    public static final String SOURCE_PROTOCOL = "fieldlink-source-protocol";

    /** On {@link Topics#NOTIFICATIONS_DLQ}: the channel that failed ({@code webhook} or {@code email}). */
    public static final String NOTIFICATION_CHANNEL = "fieldlink-notification-channel";

    private RecordHeaders() {
    }
}
