package io.fieldlink.rules.api;

import io.fieldlink.contracts.AlertAcknowledgeRequested;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;

/** {@link AlertAckPublisher} on {@code iot.alert-acks.v1}, keyed by the alert's device id. */
final class KafkaAlertAckPublisher implements AlertAckPublisher {

    private final AcknowledgedSender sender;

    KafkaAlertAckPublisher(AcknowledgedSender sender) {
        this.sender = sender;
    }

    @Override
    public void publish(AlertAcknowledgeRequested request) {
        sender.send(Topics.ALERT_ACKS.name(), request.deviceId(), ContractJson.write(request), request.tenantId());
    }
}
