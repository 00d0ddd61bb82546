package io.fieldlink.contracts;

import org.apache.kafka.common.serialization.Serializer;

/** Named serializer for {@link TelemetryReceived}, usable by class name in client properties. */
public final class TelemetrySerializer implements Serializer<TelemetryReceived> {

    @Override
    public byte[] serialize(String topic, TelemetryReceived data) {
        return data == null ? null : ContractJson.write(data);
    }
}
