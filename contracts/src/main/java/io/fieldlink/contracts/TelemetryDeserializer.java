package io.fieldlink.contracts;

import org.apache.kafka.common.serialization.Deserializer;

/** Named deserializer for {@link TelemetryReceived}, usable by class name in client properties. */
public final class TelemetryDeserializer implements Deserializer<TelemetryReceived> {

    @Override
    public TelemetryReceived deserialize(String topic, byte[] data) {
        return data == null ? null : ContractJson.read(data, TelemetryReceived.class);
    }
}
