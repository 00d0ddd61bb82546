package io.fieldlink.contracts;

import java.util.Objects;

/**
 * A Kafka topic: its name, the types of its keys and values, and whether it is compacted (the latest record
 * per key is the state, e.g. rules and device profiles).
 */
public record Topic<K, V>(String name, Class<K> keyType, Class<V> valueType, boolean compacted) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
    }

    /** A topic with the default (delete) cleanup policy. */
    public Topic(String name, Class<K> keyType, Class<V> valueType) {
        this(name, keyType, valueType, false);
    }
}
