package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.command.lifecycle.Transport;
import io.fieldlink.command.lwm2m.Lwm2mDelivery;

/**
 * Picks the transport of a command: {@code mqtt} over MQTT, {@code lwm2m} over LwM2M, {@code auto} over LwM2M when
 * the device is registered with the LwM2M server now, else over MQTT. A transport that is disabled fails the command
 * permanently with the reason (the API refuses such a request before; this covers one that got here another way).
 */
final class TransportRouter implements Transport {

    private final MqttCommandChannel mqtt;
    private final Lwm2mDelivery lwm2m;
    private final SendFailures failures;

    /**
     * @param mqtt  null when MQTT delivery is disabled
     * @param lwm2m null when the LwM2M server is disabled
     */
    TransportRouter(MqttCommandChannel mqtt, Lwm2mDelivery lwm2m, SendFailures failures) {
        this.mqtt = mqtt;
        this.lwm2m = lwm2m;
        this.failures = failures;
    }

    @Override
    public void send(CommandDispatch dispatch) {
        switch (dispatch.transport()) {
            case LWM2M -> viaLwm2m(dispatch);
            case MQTT -> viaMqtt(dispatch);
            case AUTO -> {
                if (lwm2m != null && (mqtt == null || lwm2m.reachable(dispatch.deviceId()))) {
                    lwm2m.send(dispatch);
                } else {
                    viaMqtt(dispatch);
                }
            }
        }
    }

    private void viaLwm2m(CommandDispatch dispatch) {
        if (lwm2m == null) {
            failures.report(dispatch.command().commandId(),
                    "LwM2M delivery is disabled (fieldlink.commands.lwm2m.enabled=false)", true);
        } else {
            lwm2m.send(dispatch);
        }
    }

    private void viaMqtt(CommandDispatch dispatch) {
        if (mqtt == null) {
            failures.report(dispatch.command().commandId(),
                    "MQTT delivery is disabled (fieldlink.commands.mqtt.enabled=false)", true);
        } else {
            mqtt.send(dispatch);
        }
    }
}
