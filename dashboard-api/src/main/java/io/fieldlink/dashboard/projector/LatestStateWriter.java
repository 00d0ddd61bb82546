package io.fieldlink.dashboard.projector;

import io.fieldlink.dashboard.store.IndexTemplates;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes alert and command documents in one bulk request, each an {@code index} with
 * {@code version_type: external} and version = the event's sequence. OpenSearch applies a write only
 * when its version is greater than the stored one; otherwise it answers 409 for that item, which here
 * means "an equal or newer state is already stored" (a duplicate, a replay, or an older event arriving
 * late) and counts as done. The outcome therefore does not depend on the order or the number of
 * deliveries, and needs no script.
 * <p>
 * Other item failures are classified like {@link TelemetryWriter}'s: 400 is permanent (the record is
 * dead-lettered), anything else is transient ({@link StoreUnavailableException}, the batch is written
 * again after a back-off).
 */
class LatestStateWriter {

    private final OpenSearchClient client;
    private final IndexTemplates templates;

    LatestStateWriter(OpenSearchClient client, IndexTemplates templates) {
        this.client = client;
        this.templates = templates;
    }

    /**
     * @return batch position to reason, for the documents OpenSearch refused for good (empty if all were stored
     *         or already superseded)
     * @throws StoreUnavailableException when OpenSearch could not take the whole bulk
     */
    TreeMap<Integer, String> write(List<VersionedDocument> documents) {
        if (documents.isEmpty()) {
            return new TreeMap<>();
        }
        BulkResponse response;
        try {
            templates.ensureInstalled();
            response = client.bulk(request(documents));
        } catch (Exception e) {
            throw new StoreUnavailableException("bulk write of " + documents.size() + " documents failed: " + e, e);
        }
        return BulkItems.refusedOrThrow(response, new BulkItems.Subject() {
            @Override
            public int position(int item) {
                return documents.get(item).position();
            }

            @Override
            public String refused(int item) {
                return "the document";
            }

            @Override
            public String failed(int item) {
                return "document " + documents.get(item).id();
            }

            @Override
            public boolean ignorable(int status) {
                return isSuperseded(status);
            }
        });
    }

    BulkRequest request(List<VersionedDocument> documents) {
        List<BulkOperation> operations = new ArrayList<>(documents.size());
        for (VersionedDocument document : documents) {
            operations.add(BulkOperation.of(op -> op.index(index -> index
                    .index(document.index())
                    .id(document.id())
                    .version(document.version())
                    .versionType(VersionType.External)
                    .document(document.document()))));
        }
        return BulkRequest.of(b -> b.operations(operations));
    }

    /** With external versions, a conflict means the stored state is as new or newer: nothing to do. */
    static boolean isSuperseded(int status) {
        return status == 409;
    }
}
