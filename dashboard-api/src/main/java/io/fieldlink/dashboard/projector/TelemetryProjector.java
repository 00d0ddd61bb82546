package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.TelemetryReceived;
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
 * Projects one poll of {@code iot.telemetry.v1} (Spring Cloud Stream batch mode, binding
 * {@code telemetryProjector-in-0}, native decoding) into OpenSearch with one bulk request.
 * <p>
 * Delivery is at-least-once; writes are idempotent (document id = message id, the device document
 * only moves forward), so redelivered and replayed records change nothing.
 * <p>
 * A poison record (a {@code null} or {@code KafkaNull} element: the value could not be deserialised,
 * see {@code ErrorHandlingDeserializer}; an invalid reading; a document OpenSearch refuses) is reported
 * with {@link BatchListenerFailedException} at its position: the container's error handler commits the
 * records before it (they are stored), dead-letters it with the reason, and delivers the records after
 * it again. A transient failure throws {@link StoreUnavailableException}: nothing is committed and
 * the batch is written again after a back-off.
 */
class TelemetryProjector implements Consumer<List<TelemetryReceived>> {

    private static final Logger log = LoggerFactory.getLogger(TelemetryProjector.class);

    private final TelemetryDocuments documents;
    private final TelemetryWriter writer;
    private final Counter projected;

    TelemetryProjector(TelemetryDocuments documents, TelemetryWriter writer, MeterRegistry meters) {
        this.documents = documents;
        this.writer = writer;
        this.projected = Counter.builder("fieldlink.dashboard.projector.readings")
                .description("Readings written to the read model (replays included)")
                .register(meters);
    }

    @Override
    public void accept(List<TelemetryReceived> batch) {
        try {
            project(batch);
        } catch (BatchListenerFailedException poison) {
            throw poison; // logged with its reason when it is dead-lettered
        } catch (StoreUnavailableException e) {
            log.warn("Writing a batch of {} records failed; it is written again after a back-off: {}", batch.size(),
                    e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            log.error("Projecting a batch of {} records failed; it is retried after a back-off", batch.size(), e);
            throw e;
        }
    }

    private void project(List<TelemetryReceived> batch) {
        List<ProjectedReading> readings = new ArrayList<>(batch.size());
        TreeMap<Integer, String> poison = new TreeMap<>();
        // read as Object: a value that could not be deserialised arrives as null or as KafkaNull
        List<?> elements = batch;
        for (int position = 0; position < elements.size(); position++) {
            if (!(elements.get(position) instanceof TelemetryReceived reading)) {
                poison.put(position, "the value is empty or is not a TelemetryReceived");
                break;
            }
            try {
                readings.add(documents.project(reading, position));
            } catch (PoisonRecordException e) {
                poison.put(position, e.getMessage());
                break;
            }
        }
        // only the records before the first poison one are written now; the ones after it come again
        poison.putAll(writer.write(readings));
        Map.Entry<Integer, String> first = poison.firstEntry();
        int stored = first == null ? readings.size() : first.getKey();
        projected.increment(stored);
        if (first != null) {
            throw new BatchListenerFailedException("poison record at position " + first.getKey() + ": "
                    + first.getValue(), new PoisonRecordException(first.getValue()), first.getKey());
        }
    }
}
