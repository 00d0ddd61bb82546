package io.fieldlink.contracts;

import java.util.Objects;

/** A Kafka topic: its name and the types of its keys and values. */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }
}
