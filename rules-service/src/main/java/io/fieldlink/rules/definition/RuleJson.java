package io.fieldlink.rules.definition;

import io.fieldlink.contracts.ContractJson;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON of stored rules on {@code iot.rules.v1}, with the contracts' mapping (ISO instants and durations). */
public final class RuleJson {

    private RuleJson() {
    }

    public static byte[] write(Rule rule) {
        return ContractJson.write(rule);
    }

    public static Rule read(byte[] json) {
        return ContractJson.read(json, Rule.class);
    }

    /** Kafka serde for {@link Rule}; a null value is a tombstone (deleted rule). */
    public static Serde<Rule> serde() {
        return Serdes.serdeFrom(
                (topic, rule) -> rule == null ? null : write(rule),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }
}
