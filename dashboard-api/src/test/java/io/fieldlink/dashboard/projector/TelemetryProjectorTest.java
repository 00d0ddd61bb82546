package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryProjectorTest {

    private static final Instant EVENT = Instant.parse("2026-11-27T10:00:00Z");

    private final RecordingWriter writer = new RecordingWriter();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TelemetryProjector projector = new TelemetryProjector(
            new TelemetryDocuments(new IndexLayout("fieldlink", Granularity.MONTHLY)), writer, meters);

    private static TelemetryReceived reading(String messageId) {
        return TelemetryDocumentsTest.reading("OP1", "dev-1", messageId, EVENT, Map.of("t", 1.0), Map.of());
    }

    @Test
    void aCleanBatchIsWrittenInOneBulk() {
        projector.accept(List.of(reading("a"), reading("b"), reading("c")));

        assertThat(writer.calls).hasSize(1);
        assertThat(writer.calls.getFirst()).extracting(ProjectedReading::messageId).containsExactly("a", "b", "c");
        assertThat(writer.calls.getFirst()).extracting(ProjectedReading::position).containsExactly(0, 1, 2);
        assertThat(meters.counter("fieldlink.dashboard.projector.readings").count()).isEqualTo(3.0);
    }

    @Test
    void anEmptyBatchWritesNothing() {
        projector.accept(List.of());

        assertThat(writer.calls).singleElement().satisfies(call -> assertThat(call).isEmpty());
    }

    @Test
    void anUndeserialisableRecordStopsTheBatchAtItsPosition() {
        List<TelemetryReceived> batch = Arrays.asList(reading("a"), reading("b"), null, reading("d"));

        assertThatThrownBy(() -> projector.accept(batch))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(2);
                    assertThat(e.getCause()).isInstanceOf(PoisonRecordException.class)
                            .hasMessage("the value is empty or is not a TelemetryReceived");
                });
        // the records before it are stored (and committed by the error handler); the rest come again
        assertThat(writer.calls.getFirst()).extracting(ProjectedReading::messageId).containsExactly("a", "b");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aKafkaNullElementIsPoisonToo() {
        List batch = new ArrayList<>(List.of(reading("a"), KafkaNull.INSTANCE));

        assertThatThrownBy(() -> projector.accept((List<TelemetryReceived>) batch))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1));
        assertThat(writer.calls.getFirst()).extracting(ProjectedReading::messageId).containsExactly("a");
    }

    @Test
    void anInvalidReadingIsPoison() {
        TelemetryReceived invalid = TelemetryDocumentsTest.reading("OP:1", "dev-1", "x", EVENT, Map.of(), Map.of());

        assertThatThrownBy(() -> projector.accept(List.of(invalid, reading("b"))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isZero();
                    assertThat(e.getCause()).hasMessage("tenantId must not contain ':'");
                });
        assertThat(writer.calls.getFirst()).isEmpty();
    }

    @Test
    void aDocumentRefusedByOpenSearchIsPoisonAtItsPosition() {
        writer.reject(1, "OpenSearch rejected the reading document: mapper_parsing_exception: failed to parse");

        assertThatThrownBy(() -> projector.accept(List.of(reading("a"), reading("b"), reading("c"))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getCause()).isInstanceOf(PoisonRecordException.class)
                            .hasMessageContaining("mapper_parsing_exception");
                });
    }

    @Test
    void theEarliestPoisonWins() {
        writer.reject(1, "refused");
        List<TelemetryReceived> batch = Arrays.asList(reading("a"), reading("b"), reading("c"), null);

        assertThatThrownBy(() -> projector.accept(batch))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1));
    }

    @Test
    void aTransientFailureIsNotPoison() {
        writer.fail = new StoreUnavailableException("OpenSearch down", null);

        assertThatThrownBy(() -> projector.accept(List.of(reading("a"))))
                .isInstanceOf(StoreUnavailableException.class);
    }

    /** Records what would be written; rejects or fails on demand. */
    static final class RecordingWriter extends TelemetryWriter {

        final List<List<ProjectedReading>> calls = new ArrayList<>();
        final TreeMap<Integer, String> rejections = new TreeMap<>();
        RuntimeException fail;

        RecordingWriter() {
            super(null, null, null);
        }

        void reject(int position, String reason) {
            rejections.put(position, reason);
        }

        @Override
        TreeMap<Integer, String> write(List<ProjectedReading> readings) {
            calls.add(List.copyOf(readings));
            if (fail != null) {
                throw fail;
            }
            TreeMap<Integer, String> result = new TreeMap<>();
            readings.forEach(r -> {
                if (rejections.containsKey(r.position())) {
                    result.put(r.position(), rejections.get(r.position()));
                }
            });
            return result;
        }
    }
}
