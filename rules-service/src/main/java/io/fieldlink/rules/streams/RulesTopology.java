package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.JsonSerde;
import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleJson;
import io.fieldlink.rules.evaluation.RuleEngine;
import io.fieldlink.rules.evaluation.RuleState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The rules Streams app as a {@link Topology} (plain Kafka Streams, no Spring):
 *
 * <ul>
 *   <li>global stores {@value #RULES_STORE} ({@code iot.rules.v1}, key {@code tenantId/ruleId}),
 *       {@value #DEVICE_PROFILES_STORE} ({@code iot.devices.v1}, key device id) and {@value #ALERTS_STORE}
 *       ({@code iot.alerts.v1}, latest event per alert id);</li>
 *   <li>telemetry and acknowledge requests (both keyed by device id, co-partitioned) into processors sharing
 *       changelogged stores {@value #RULE_STATES_STORE}, {@value #OPEN_ALERTS_STORE} and
 *       {@value #COMMAND_TIMES_STORE}, keyed {@code deviceId|tenantId/ruleId};</li>
 *   <li>sinks to {@code iot.alerts.v1}, {@code iot.commands.v1} and the dead-letter topic {@code iot.rules.dlq.v1}.</li>
 * </ul>
 */
public final class RulesTopology {

    public static final String RULES_STORE = "rules";
    public static final String DEVICE_PROFILES_STORE = "device-profiles";
    public static final String ALERTS_STORE = "alerts";
    static final String RULE_STATES_STORE = "rule-states";
    static final String OPEN_ALERTS_STORE = "open-alerts";
    static final String COMMAND_TIMES_STORE = "command-times";
    /** Per device: the latest event time of its readings (epoch ms), so rules at rest need no state of their own. */
    static final String DEVICE_CLOCKS_STORE = "device-clocks";

    /** Undeserialisable telemetry and acknowledge requests (to be added to the contracts catalogue). */
    public static final String DEAD_LETTER_TOPIC = io.fieldlink.contracts.Topics.RULES_DLQ.name();
    static final String DLQ_ORIGINAL_TOPIC = "fieldlink-dlq-original-topic";
    static final String DLQ_ORIGINAL_PARTITION = "fieldlink-dlq-original-partition";
    static final String DLQ_ORIGINAL_OFFSET = "fieldlink-dlq-original-offset";

    static final String ALERTS_SINK = "alerts-out";
    static final String COMMANDS_SINK = "commands-out";
    static final String DEAD_LETTERS_SINK = "dead-letters-out";

    private RulesTopology() {
    }

    public static Topology build(RulesProperties.Streams settings, RuleEngine engine, RulesStreamsMetrics metrics) {
        Topology topology = new Topology();
        TenantRuleCache ruleCache = new TenantRuleCache(engine);
        addGlobalStores(topology, ruleCache);

        topology.addSource("telemetry-in", new StringDeserializer(), new ByteArrayDeserializer(), Topics.TELEMETRY.name());
        topology.addSource("acks-in", new StringDeserializer(), new ByteArrayDeserializer(), Topics.ALERT_ACKS.name());
        topology.addProcessor("evaluate", () -> new TelemetryProcessor(engine, settings.punctuateInterval(), metrics, ruleCache,
                        settings.stateCacheDevices()),
                "telemetry-in");
        topology.addProcessor("acknowledge", () -> new AckProcessor(metrics), "acks-in");
        topology.addStateStore(changelogged(RULE_STATES_STORE, new StateSerde<>(RuleState.class)), "evaluate");
        topology.addStateStore(changelogged(OPEN_ALERTS_STORE, new StateSerde<>(OpenAlert.class)), "evaluate", "acknowledge");
        topology.addStateStore(changelogged(COMMAND_TIMES_STORE, Serdes.Long()), "evaluate", "acknowledge");
        topology.addStateStore(changelogged(DEVICE_CLOCKS_STORE, Serdes.Long()), "evaluate");

        topology.addSink(ALERTS_SINK, Topics.ALERTS.name(), new StringSerializer(), new ByteArraySerializer(),
                "evaluate", "acknowledge");
        topology.addSink(COMMANDS_SINK, Topics.COMMANDS.name(), new StringSerializer(), new ByteArraySerializer(),
                "evaluate", "acknowledge");
        topology.addSink(DEAD_LETTERS_SINK, DEAD_LETTER_TOPIC, new StringSerializer(), new ByteArraySerializer(),
                "evaluate", "acknowledge");
        return topology;
    }

    private static void addGlobalStores(Topology topology, TenantRuleCache ruleCache) {
        topology.addGlobalStore(global(RULES_STORE, RuleJson.serde()), "rules-in",
                new StringDeserializer(), new ByteArrayDeserializer(), Topics.RULES.name(), "rules-update",
                () -> new GlobalStoreUpdater<>(RULES_STORE, RuleJson::read, (key, rule) -> key, true,
                        ruleCache::rulesChanged));
        topology.addGlobalStore(global(DEVICE_PROFILES_STORE, new JsonSerde<>(DeviceProfileChanged.class)), "devices-in",
                new StringDeserializer(), new ByteArrayDeserializer(), Topics.DEVICES.name(), "devices-update",
                () -> new GlobalStoreUpdater<>(DEVICE_PROFILES_STORE,
                        bytes -> ContractJson.read(bytes, DeviceProfileChanged.class), (key, profile) -> key, true));
        // keyed by alert id, not by the topic's device key; events of one alert are in order on one partition
        topology.addGlobalStore(global(ALERTS_STORE, new JsonSerde<>(AlertEvent.class)), "alerts-in",
                new StringDeserializer(), new ByteArrayDeserializer(), Topics.ALERTS.name(), "alerts-update",
                () -> new GlobalStoreUpdater<>(ALERTS_STORE, bytes -> ContractJson.read(bytes, AlertEvent.class),
                        (key, event) -> event.alertId(), false));
    }

    /** Global stores are rebuilt from their topic: no changelog of their own. */
    private static <V> StoreBuilder<KeyValueStore<String, V>> global(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> changelogged(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withLoggingEnabled(java.util.Map.of());
    }
}
