package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceProfileChanged;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Set;

/**
 * {@link DeviceProfileChanged} from contract JSON. Public with a no-argument constructor because the Kafka
 * consumer instantiates it by class name ({@code spring.deserializer.value.delegate.class}).
 * <p>
 * {@code iot.devices.v1} is compacted, so a null value is a tombstone, not a broken record. In batch mode the
 * projector cannot tell a null that is a tombstone from a null left by a value that failed to deserialise (both
 * arrive as null or {@code KafkaNull}); a tombstone therefore becomes the marker {@link #TOMBSTONE}, which the
 * projector skips, and only a real failure stays null and is dead-lettered.
 */
public final class DeviceProfileDeserializer implements Deserializer<DeviceProfileChanged> {

    /** Stands for a tombstone; recognised by identity only. */
    static final DeviceProfileChanged TOMBSTONE = new DeviceProfileChanged("", "", Set.of(), null);

    @Override
    public DeviceProfileChanged deserialize(String topic, byte[] data) {
        return data == null ? TOMBSTONE : ContractJson.read(data, DeviceProfileChanged.class);
    }

    static boolean isTombstone(DeviceProfileChanged profile) {
        return profile == TOMBSTONE;
    }
}
