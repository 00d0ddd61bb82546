package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class LatestStateWriterTest {

    private final OpenSearchClient client = mock(OpenSearchClient.class);
    private final LatestStateWriter writer = new LatestStateWriter(client, mock(IndexTemplates.class));
    private final LatestStateDocuments documents = new LatestStateDocuments(new IndexLayout("fieldlink",
            Granularity.MONTHLY));

    private List<VersionedDocument> commands(int count) {
        List<VersionedDocument> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(documents.command(LatestStateDocumentsTest.command("OP1", "c-" + i, i + 1, CommandStatus.SENT),
                    i + 10));
        }
        return result;
    }

    private static BulkResponseItem ok() {
        return BulkResponseItem.of(i -> i.operationType(OperationType.Index).index("x").id("1").status(201));
    }

    private static BulkResponseItem failed(int status, String errorType) {
        return BulkResponseItem.of(i -> i.operationType(OperationType.Index).index("x").id("1").status(status)
                .error(ErrorCause.of(e -> e.type(errorType).reason("because"))));
    }

    private void respond(BulkResponseItem... items) throws IOException {
        when(client.bulk(any(BulkRequest.class)))
                .thenReturn(BulkResponse.of(r -> r.errors(true).took(3).items(List.of(items))));
    }

    @Test
    void oneIndexWithTheSequenceAsExternalVersionPerDocument() {
        List<BulkOperation> operations = writer.request(commands(2)).operations();

        assertThat(operations).hasSize(2).allSatisfy(op -> {
            assertThat(op.isIndex()).isTrue();
            assertThat(op.index().index()).isEqualTo("fieldlink-commands");
            assertThat(op.index().versionType()).isEqualTo(VersionType.External);
        });
        assertThat(operations.get(0).index().id()).isEqualTo("OP1:c-0");
        assertThat(operations.get(0).index().version()).isEqualTo(1L);
        assertThat(operations.get(1).index().version()).isEqualTo(2L);
    }

    @Test
    void aVersionConflictMeansANewerOrEqualStateIsStoredAndCountsAsDone() throws IOException {
        respond(failed(409, "version_conflict_engine_exception"), ok());

        assertThat(writer.write(commands(2))).isEmpty();
    }

    @Test
    void aMappingRejectionIsReportedAtTheRecordsPosition() throws IOException {
        respond(ok(), failed(400, "mapper_parsing_exception"));

        assertThat(writer.write(commands(2))).containsOnlyKeys(11)
                .containsValue("OpenSearch rejected the document: mapper_parsing_exception: because");
    }

    @Test
    void overloadIsTransient() throws IOException {
        respond(ok(), failed(429, "rejected_execution_exception"));

        assertThatThrownBy(() -> writer.write(commands(2))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("status 429 on document OP1:c-1");
    }

    @Test
    void anUnreachableStoreIsTransient() throws IOException {
        when(client.bulk(any(BulkRequest.class))).thenThrow(new ConnectException("Connection refused"));

        assertThatThrownBy(() -> writer.write(commands(1))).isInstanceOf(StoreUnavailableException.class);
    }
}
