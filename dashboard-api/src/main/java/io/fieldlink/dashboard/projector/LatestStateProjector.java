package io.fieldlink.dashboard.projector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Projects one poll of {@code iot.alerts.v1}, {@code iot.command-status.v1} or {@code iot.devices.v1} (Spring Cloud
 * Stream batch mode, native decoding) into one versioned document per alert, command or device profile, with one bulk
 * request.
 * Same delivery rules as {@link TelemetryProjector}: at-least-once, idempotent writes (see
 * {@link LatestStateWriter}); a poison record (undeserialisable, invalid, refused by the mapping) is
 * reported with {@link BatchListenerFailedException} at its position, so the container's error handler
 * commits the records before it, dead-letters it and delivers the ones after it again; a transient
 * failure throws {@link StoreUnavailableException} and the batch is written again after a back-off.
 *
 * @param <T> the contract record of the topic
 */
class LatestStateProjector<T> implements Consumer<List<T>> {

    /** Maps one record to its document, or throws {@link PoisonRecordException}. */
    @FunctionalInterface
    interface Mapping<T> {
        VersionedDocument map(T record, int position);
    }

    /** Whether a record is to be skipped without a write (e.g. a tombstone of a compacted topic). */
    @FunctionalInterface
    interface Skip<T> {
        boolean test(T record);
    }

    private static final Logger log = LoggerFactory.getLogger(LatestStateProjector.class);

    private final Class<T> type;
    private final Mapping<T> mapping;
    private final LatestStateWriter writer;
    private final Skip<T> skip;
    private final Counter projected;

    /** @param what the kind of record in the metric's tag, e.g. {@code alerts} */
    LatestStateProjector(Class<T> type, String what, Mapping<T> mapping, LatestStateWriter writer,
                         MeterRegistry meters) {
        this(type, what, mapping, writer, record -> false, meters);
    }

    LatestStateProjector(Class<T> type, String what, Mapping<T> mapping, LatestStateWriter writer, Skip<T> skip,
                         MeterRegistry meters) {
        this.type = type;
        this.mapping = mapping;
        this.writer = writer;
        this.skip = skip;
        this.projected = Counter.builder("fieldlink.dashboard.projector.events")
                .description("Alert, command and device profile events written to the read model (replays and "
                        + "superseded ones included)")
                .tag("kind", what)
                .register(meters);
    }

    @Override
    public void accept(List<T> batch) {
        try {
            project(batch);
        } catch (BatchListenerFailedException poison) {
            throw poison; // logged with its reason when it is dead-lettered
        } catch (StoreUnavailableException e) {
            log.warn("Writing a batch of {} {} records failed; it is written again after a back-off: {}",
                    batch.size(), type.getSimpleName(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            log.error("Projecting a batch of {} {} records failed; it is retried after a back-off", batch.size(),
                    type.getSimpleName(), e);
            throw e;
        }
    }

    private void project(List<T> batch) {
        List<VersionedDocument> documents = new ArrayList<>(batch.size());
        TreeMap<Integer, String> poison = new TreeMap<>();
        // read as Object: a value that could not be deserialised arrives as null or as KafkaNull
        List<?> elements = batch;
        for (int position = 0; position < elements.size(); position++) {
            Object element = elements.get(position);
            if (!type.isInstance(element)) {
                poison.put(position, "the value is empty or is not a " + type.getSimpleName());
                break;
            }
            if (skip.test(type.cast(element))) {
                continue;
            }
            try {
                documents.add(mapping.map(type.cast(element), position));
            } catch (PoisonRecordException e) {
                poison.put(position, e.getMessage());
                break;
            }
        }
        // only the records before the first poison one are written now; the ones after it come again
        poison.putAll(writer.write(documents));
        Map.Entry<Integer, String> first = poison.firstEntry();
        int stored = first == null ? documents.size()
                : (int) documents.stream().filter(document -> document.position() < first.getKey()).count();
        projected.increment(stored);
        if (first != null) {
            throw new BatchListenerFailedException("poison record at position " + first.getKey() + ": "
                    + first.getValue(), new PoisonRecordException(first.getValue()), first.getKey());
        }
    }
}
