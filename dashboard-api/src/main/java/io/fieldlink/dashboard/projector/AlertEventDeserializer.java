package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.ContractJson;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@link AlertEvent} from contract JSON. Public with a no-argument constructor because the Kafka
 * consumer instantiates it by class name ({@code spring.deserializer.value.delegate.class}).
 */
public final class AlertEventDeserializer implements Deserializer<AlertEvent> {

    @Override
    public AlertEvent deserialize(String topic, byte[] data) {
        return data == null ? null : ContractJson.read(data, AlertEvent.class);
    }
}
