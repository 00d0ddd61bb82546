package io.fieldlink.rules.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Keeps a global store at the latest value per key of its topic. Reads raw bytes and parses them here: a record
 * that cannot be read is logged and skipped, because an exception in the global thread would stop the whole app
 * (global processors have no dead-letter path). Kafka Streams 4.x also runs restoration through this processor,
 * so a store keyed differently from its topic (alerts by alert id) is rebuilt the same way.
 */
final class GlobalStoreUpdater<V> implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(GlobalStoreUpdater.class);

    private final String storeName;
    private final Function<byte[], V> parse;
    private final BiFunction<String, V, String> storeKey;
    private final boolean tombstonesDelete;
    private final Runnable afterChange;
    private KeyValueStore<String, V> store;

    /**
     * @param storeKey         the store key of a record (its topic key and parsed value)
     * @param tombstonesDelete whether a null value deletes the record key (compacted topics)
     */
    GlobalStoreUpdater(String storeName, Function<byte[], V> parse, BiFunction<String, V, String> storeKey,
                       boolean tombstonesDelete) {
        this(storeName, parse, storeKey, tombstonesDelete, () -> { });
    }

    /** @param afterChange runs after every change of the store (e.g. to drop caches of its content) */
    GlobalStoreUpdater(String storeName, Function<byte[], V> parse, BiFunction<String, V, String> storeKey,
                       boolean tombstonesDelete, Runnable afterChange) {
        this.afterChange = afterChange;
        this.storeName = storeName;
        this.parse = parse;
        this.storeKey = storeKey;
        this.tombstonesDelete = tombstonesDelete;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            if (tombstonesDelete) {
                store.delete(record.key());
                afterChange.run();
            }
            return;
        }
        V value;
        try {
            value = parse.apply(record.value());
        } catch (RuntimeException e) {
            log.warn("Skipping an unreadable record of key {} for global store {}: {}", record.key(), storeName,
                    DeadLetterReasons.of("unreadable", e));
            return;
        }
        store.put(storeKey.apply(record.key(), value), value);
        afterChange.run();
    }
}
