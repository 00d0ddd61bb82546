package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@link CommandStatusChanged} from contract JSON. Public with a no-argument constructor because the
 * Kafka consumer instantiates it by class name ({@code spring.deserializer.value.delegate.class}).
 */
public final class CommandStatusDeserializer implements Deserializer<CommandStatusChanged> {

    @Override
    public CommandStatusChanged deserialize(String topic, byte[] data) {
        return data == null ? null : ContractJson.read(data, CommandStatusChanged.class);
    }
}
