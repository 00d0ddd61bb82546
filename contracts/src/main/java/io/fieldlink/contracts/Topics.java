package io.fieldlink.contracts;

import java.util.List;

/**
 * The topic catalogue: every topic of the suite, its key and value types. One writer per topic;
 * every record is keyed by device id. Described in {@code docs/contracts.md}.
 */
public final class Topics {

    /** Written by ingest-service. Key: device id. Value: {@link TelemetryReceived} as JSON. */
    public static final Topic<String, TelemetryReceived> TELEMETRY =
            new Topic<>("iot.telemetry.v1", String.class, TelemetryReceived.class);

    /**
     * Written by dashboard-api's projector. Key: device id (the original key). Value: the original
     * record's bytes, unchanged; reason in header {@link RecordHeaders#DLQ_REASON}.
     */
    public static final Topic<String, byte[]> TELEMETRY_DLQ =
            new Topic<>("iot.telemetry.dlq.v1", String.class, byte[].class);

    /**
     * Written by ingest-service: input it could not turn into a reading (undecodable datagrams,
     * MQTT messages, binary payloads). Key: device id when known, else the sender's address.
     * Value: the bytes as received; reason in {@link RecordHeaders#DLQ_REASON}, protocol in
     * {@link RecordHeaders#SOURCE_PROTOCOL}.
     */
    public static final Topic<String, byte[]> INGEST_DLQ =
            new Topic<>("iot.ingest.dlq.v1", String.class, byte[].class);

    /**
     * Written by rules-service (its Streams app). Key: device id. Value: {@link AlertEvent}: raised, updated,
     * acknowledged and cleared alerts.
     */
    public static final Topic<String, AlertEvent> ALERTS =
            new Topic<>("iot.alerts.v1", String.class, AlertEvent.class);

    /**
     * Written by rules-service's REST API. Key: device id. Value: {@link AlertAcknowledgeRequested}; the Streams
     * app turns it into an {@link AlertEventType#ACKNOWLEDGED} event on {@link #ALERTS}.
     */
    public static final Topic<String, AlertAcknowledgeRequested> ALERT_ACKS =
            new Topic<>("iot.alert-acks.v1", String.class, AlertAcknowledgeRequested.class);

    /**
     * Written by rules-service (rule actions). Key: device id. Value: {@link DeviceCommandRequested};
     * command-service delivers it.
     */
    public static final Topic<String, DeviceCommandRequested> COMMANDS =
            new Topic<>("iot.commands.v1", String.class, DeviceCommandRequested.class);

    /**
     * Written by command-service: every transition of every device command; the service's journal (replayed on
     * start). Key: device id. Value: {@link CommandStatusChanged}.
     */
    public static final Topic<String, CommandStatusChanged> COMMAND_STATUS =
            new Topic<>("iot.command-status.v1", String.class, CommandStatusChanged.class);

    /**
     * Written by rules-service's REST API; compacted. Key: {@code tenantId/ruleId} (the one topic not keyed by
     * device: a rule is not a device's). Value: the rule document as JSON, internal to rules-service; a null
     * value (tombstone) deletes the rule.
     */
    public static final Topic<String, byte[]> RULES =
            new Topic<>("iot.rules.v1", String.class, byte[].class, true);

    /**
     * Written by command-service's registry; compacted. Key: device id. Value: {@link DeviceProfileChanged}.
     */
    public static final Topic<String, DeviceProfileChanged> DEVICES =
            new Topic<>("iot.devices.v1", String.class, DeviceProfileChanged.class, true);

    /**
     * Written by rules-service's notifiers: notifications that failed after the last retry. Key: device id.
     * Value: the {@link AlertEvent} bytes, unchanged; channel and reason in headers
     * ({@link RecordHeaders#DLQ_REASON}, {@link RecordHeaders#NOTIFICATION_CHANNEL}).
     */
    public static final Topic<String, byte[]> NOTIFICATIONS_DLQ =
            new Topic<>("iot.notifications.dlq.v1", String.class, byte[].class);

    /**
     * Written by rules-service's Streams app: telemetry or ack records it could not read. Key: the original key.
     * Value: the original bytes; reason in {@link RecordHeaders#DLQ_REASON}.
     */
    public static final Topic<String, byte[]> RULES_DLQ =
            new Topic<>("iot.rules.dlq.v1", String.class, byte[].class);

    /**
     * Written by command-service: records of {@link #COMMANDS} it could not take (unreadable, or reusing a command
     * id for a different command). Key: the original key. Value: the original bytes; reason in
     * {@link RecordHeaders#DLQ_REASON}.
     */
    public static final Topic<String, byte[]> COMMANDS_DLQ =
            new Topic<>("iot.commands.dlq.v1", String.class, byte[].class);

    /**
     * Written by command-service's LwM2M server: values its devices reported (observe notifications). Key: device
     * id. Value: {@link DeviceObservationReported}. ingest-service turns each into a reading on {@link #TELEMETRY},
     * which keeps ingest the one writer of telemetry.
     */
    public static final Topic<String, DeviceObservationReported> DEVICE_OBSERVATIONS =
            new Topic<>("iot.device-observations.v1", String.class, DeviceObservationReported.class);

    /**
     * Written by command-service's rollouts; compacted. Key: rollout id (not a device: a rollout spans many).
     * Value: {@link RolloutChanged}, the whole rollout.
     */
    public static final Topic<String, RolloutChanged> ROLLOUTS =
            new Topic<>("iot.rollouts.v1", String.class, RolloutChanged.class, true);

    /**
     * Written by dashboard-api's alert projector: records of {@link #ALERTS} it could not project. Key: the original
     * key. Value: the original bytes; reason in {@link RecordHeaders#DLQ_REASON}.
     */
    public static final Topic<String, byte[]> ALERTS_DLQ =
            new Topic<>("iot.alerts.dlq.v1", String.class, byte[].class);

    /**
     * Written by dashboard-api's command projector: records of {@link #COMMAND_STATUS} it could not project. Key: the
     * original key. Value: the original bytes; reason in {@link RecordHeaders#DLQ_REASON}.
     */
    public static final Topic<String, byte[]> COMMAND_STATUS_DLQ =
            new Topic<>("iot.command-status.dlq.v1", String.class, byte[].class);

    /**
     * Written by dashboard-api's device profile projector: records of {@link #DEVICES} it could not project. Key:
     * the original key. Value: the original bytes; reason in {@link RecordHeaders#DLQ_REASON}.
     */
    public static final Topic<String, byte[]> DEVICES_DLQ =
            new Topic<>("iot.devices.dlq.v1", String.class, byte[].class);

    /**
     * Written by dashboard-api's admin API; compacted; read by every service (service-support). Key: key id (an API
     * key is not a device's). Value: {@link ApiKeyChanged}, the whole key after each change (issued, revoked).
     */
    public static final Topic<String, ApiKeyChanged> API_KEYS =
            new Topic<>("iot.api-keys.v1", String.class, ApiKeyChanged.class, true);

    public static final List<Topic<?, ?>> ALL = List.of(TELEMETRY, TELEMETRY_DLQ, INGEST_DLQ, ALERTS, ALERT_ACKS,
            COMMANDS, COMMAND_STATUS, RULES, DEVICES, NOTIFICATIONS_DLQ, RULES_DLQ, COMMANDS_DLQ,
            DEVICE_OBSERVATIONS, ROLLOUTS, ALERTS_DLQ, COMMAND_STATUS_DLQ, API_KEYS, DEVICES_DLQ);

    private Topics() {
    }
}
