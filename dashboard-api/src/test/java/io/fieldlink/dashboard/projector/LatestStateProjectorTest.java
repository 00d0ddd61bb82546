package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatestStateProjectorTest {

    private final RecordingWriter writer = new RecordingWriter();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LatestStateDocuments documents = new LatestStateDocuments(new IndexLayout("fieldlink",
            Granularity.MONTHLY));
    private final LatestStateProjector<AlertEvent> projector = new LatestStateProjector<>(AlertEvent.class, "alerts",
            documents::alert, writer, meters);

    private static AlertEvent event(String tenant, long sequence) {
        return LatestStateDocumentsTest.alert(tenant, "a-1", sequence, AlertEventType.UPDATED, AlertStatus.OPEN,
                LatestStateDocumentsTest.RAISED.plusSeconds(sequence));
    }

    @Test
    void aCleanBatchIsWrittenInOneBulkInOrder() {
        projector.accept(List.of(event("OP1", 1), event("OP1", 3), event("OP1", 2)));

        assertThat(writer.calls).singleElement().satisfies(call ->
                assertThat(call).extracting(VersionedDocument::version).containsExactly(1L, 3L, 2L));
        assertThat(meters.counter("fieldlink.dashboard.projector.events", "kind", "alerts").count()).isEqualTo(3.0);
    }

    @Test
    void anUndeserialisableRecordStopsTheBatchAtItsPosition() {
        List<AlertEvent> batch = new ArrayList<>(Arrays.asList(event("OP1", 1), null, event("OP1", 2)));

        assertThatThrownBy(() -> projector.accept(batch))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getCause()).hasMessage("the value is empty or is not a AlertEvent");
                });
        assertThat(writer.calls).singleElement().satisfies(call -> assertThat(call).hasSize(1));
    }

    @Test
    void aKafkaNullIsPoisonToo() {
        @SuppressWarnings("unchecked")
        List<AlertEvent> batch = (List<AlertEvent>) (List<?>) List.of(KafkaNull.INSTANCE);

        assertThatThrownBy(() -> projector.accept(batch)).isInstanceOfSatisfying(BatchListenerFailedException.class,
                e -> assertThat(e.getIndex()).isZero());
    }

    @Test
    void anInvalidRecordIsPoisonWithItsReason() {
        assertThatThrownBy(() -> projector.accept(List.of(event("OP1", 1), event("OP:1", 2))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getCause()).hasMessage("tenantId must not contain ':'");
                });
    }

    @Test
    void aDocumentTheStoreRefusesIsPoisonAtItsPosition() {
        writer.rejections.put(1, "OpenSearch rejected the document: mapper_parsing_exception: x");

        assertThatThrownBy(() -> projector.accept(List.of(event("OP1", 1), event("OP1", 2), event("OP1", 3))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1));
        assertThat(meters.counter("fieldlink.dashboard.projector.events", "kind", "alerts").count()).isEqualTo(1.0);
    }

    private static final class RecordingWriter extends LatestStateWriter {

        final List<List<VersionedDocument>> calls = new ArrayList<>();
        final TreeMap<Integer, String> rejections = new TreeMap<>();

        RecordingWriter() {
            super(null, null);
        }

        @Override
        TreeMap<Integer, String> write(List<VersionedDocument> documents) {
            calls.add(List.copyOf(documents));
            return new TreeMap<>(rejections);
        }
    }
}
