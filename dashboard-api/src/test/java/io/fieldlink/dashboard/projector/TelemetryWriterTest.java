package io.fieldlink.dashboard.projector;

import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TelemetryWriterTest {

    private final OpenSearchClient client = mock(OpenSearchClient.class);
    private final IndexTemplates templates = mock(IndexTemplates.class);
    private final IndexLayout layout = new IndexLayout("fieldlink", Granularity.MONTHLY);
    private final TelemetryWriter writer = new TelemetryWriter(client, templates, layout);
    private final TelemetryDocuments documents = new TelemetryDocuments(layout);

    private List<ProjectedReading> readings(int count) {
        List<ProjectedReading> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(documents.project(TelemetryDocumentsTest.reading("OP1", "dev-" + i, "msg-" + i,
                    Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i), Map.of("t", (double) i), Map.of()), i + 10));
        }
        return result;
    }

    private static BulkResponseItem ok(OperationType type) {
        return BulkResponseItem.of(i -> i.operationType(type).index("x").id("1").status(200));
    }

    private static BulkResponseItem failed(OperationType type, int status, String errorType) {
        return BulkResponseItem.of(i -> i.operationType(type).index("x").id("1").status(status)
                .error(ErrorCause.of(e -> e.type(errorType).reason("because"))));
    }

    private void respond(boolean errors, BulkResponseItem... items) throws IOException {
        when(client.bulk(any(BulkRequest.class)))
                .thenReturn(BulkResponse.of(r -> r.errors(errors).took(3).items(List.of(items))));
    }

    @Test
    void oneIndexAndOneScriptedUpsertPerReading() {
        BulkRequest request = writer.request(readings(2));

        List<BulkOperation> operations = request.operations();
        assertThat(operations).hasSize(4);
        assertThat(operations.get(0).isIndex()).isTrue();
        assertThat(operations.get(0).index().index()).isEqualTo("fieldlink-telemetry-2026.11");
        assertThat(operations.get(0).index().id()).isEqualTo("msg-0");
        assertThat(operations.get(1).isUpdate()).isTrue();
        assertThat(operations.get(1).update().index()).isEqualTo("fieldlink-devices");
        assertThat(operations.get(1).update().id()).isEqualTo("OP1:dev-0");
        assertThat(operations.get(2).index().id()).isEqualTo("msg-1");
        assertThat(operations.get(3).update().id()).isEqualTo("OP1:dev-1");
    }

    @Test
    void theUpsertScriptOnlyMovesForward() {
        assertThat(TelemetryWriter.LAST_SEEN_SCRIPT)
                .contains("params.lastSeenMicros > s.lastSeenMicros")
                .contains("params.lastMessageId.compareTo(s.lastMessageId) > 0")
                .contains("ctx.op = 'none'");
    }

    @Test
    void allStored() throws IOException {
        respond(false, ok(OperationType.Index), ok(OperationType.Update));

        assertThat(writer.write(readings(1))).isEmpty();
        verify(templates).ensureInstalled();
    }

    @Test
    void aMappingRejectionIsReportedAtTheReadingsPosition() throws IOException {
        respond(true, ok(OperationType.Index), ok(OperationType.Update),
                failed(OperationType.Index, 400, "mapper_parsing_exception"), ok(OperationType.Update));

        assertThat(writer.write(readings(2))).containsOnlyKeys(11)
                .containsValue("OpenSearch rejected the reading document: mapper_parsing_exception: because");
    }

    @Test
    void aRejectedDeviceDocumentAlsoMakesThePoison() throws IOException {
        respond(true, ok(OperationType.Index), failed(OperationType.Update, 400, "strict_dynamic_mapping_exception"));

        assertThat(writer.write(readings(1))).containsOnlyKeys(10);
    }

    @Test
    void transientItemFailuresAreNeverAcknowledged() throws IOException {
        respond(true, ok(OperationType.Index), failed(OperationType.Update, 409, "version_conflict_engine_exception"),
                failed(OperationType.Index, 400, "mapper_parsing_exception"), ok(OperationType.Update));

        assertThatThrownBy(() -> writer.write(readings(2)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("1 of 4 bulk items failed transiently")
                .hasMessageContaining("status 409");
    }

    @Test
    void overloadAndServerErrorsAreTransient() throws IOException {
        respond(true, failed(OperationType.Index, 429, "rejected_execution_exception"), ok(OperationType.Update));
        assertThatThrownBy(() -> writer.write(readings(1))).isInstanceOf(StoreUnavailableException.class);

        respond(true, failed(OperationType.Index, 503, "unavailable_shards_exception"), ok(OperationType.Update));
        assertThatThrownBy(() -> writer.write(readings(1))).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aFailingScriptIsADefectNotPoison() {
        ErrorCause scriptError = ErrorCause.of(e -> e.type("illegal_argument_exception").reason("failed to execute script")
                .causedBy(c -> c.type("script_exception").reason("runtime error")));

        assertThat(BulkItems.isPermanent(400, scriptError)).isFalse();
        assertThat(BulkItems.isPermanent(400, ErrorCause.of(e -> e.type("mapper_parsing_exception").reason("x"))))
                .isTrue();
    }

    @Test
    void anUnreachableStoreIsTransient() throws IOException {
        when(client.bulk(any(BulkRequest.class))).thenThrow(new ConnectException("Connection refused"));

        assertThatThrownBy(() -> writer.write(readings(3)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("bulk write of 3 readings failed");
    }

    @Test
    void templatesThatCannotBeInstalledAreTransient() throws IOException {
        doThrow(new ConnectException("Connection refused")).when(templates).ensureInstalled();

        assertThatThrownBy(() -> writer.write(readings(1))).isInstanceOf(StoreUnavailableException.class);
        verify(client, never()).bulk(any(BulkRequest.class));
    }

    @Test
    void nothingToWrite() throws IOException {
        assertThat(writer.write(List.of())).isEmpty();
        verify(client, never()).bulk(any(BulkRequest.class));
    }
}
