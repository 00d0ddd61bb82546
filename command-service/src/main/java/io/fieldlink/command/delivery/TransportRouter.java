package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.command.lifecycle.Transport;

/**
 * Picks the transport of a command: {@code auto} and {@code mqtt} go over MQTT (the only transport so far);
 * {@code lwm2m} fails permanently until the LwM2M server exists (the API refuses it before; this covers a request
 * that got here another way). With MQTT disabled every command fails permanently with the reason.
 */
final class TransportRouter implements Transport {

    private final MqttCommandChannel mqtt;
    private final SendFailures failures;

    /** @param mqtt null when MQTT delivery is disabled */
    TransportRouter(MqttCommandChannel mqtt, SendFailures failures) {
        this.mqtt = mqtt;
        this.failures = failures;
    }

    @Override
    public void send(CommandDispatch dispatch) {
        switch (dispatch.transport()) {
            case LWM2M -> failures.report(dispatch.command().commandId(),
                    "transport lwm2m is not available yet", true);
            case AUTO, MQTT -> {
                if (mqtt == null) {
                    failures.report(dispatch.command().commandId(),
                            "MQTT delivery is disabled (fieldlink.commands.mqtt.enabled=false)", true);
                } else {
                    mqtt.send(dispatch);
                }
            }
        }
    }
}
