package io.fieldlink.contracts;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for a contract type, using {@link ContractJson}. */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    public static <V> JsonSerde<V> forValuesOf(Topic<?, V> topic) {
        return new JsonSerde<>(topic.valueType());
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : ContractJson.write(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> data == null ? null : ContractJson.read(data, type);
    }
}
