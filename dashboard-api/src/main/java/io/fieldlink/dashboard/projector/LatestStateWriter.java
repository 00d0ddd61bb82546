package io.fieldlink.dashboard.projector;

import io.fieldlink.dashboard.store.IndexTemplates;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

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
        TreeMap<Integer, String> rejected = new TreeMap<>();
        if (documents.isEmpty()) {
            return rejected;
        }
        BulkResponse response;
        try {
            templates.ensureInstalled();
            response = client.bulk(request(documents));
        } catch (Exception e) {
            throw new StoreUnavailableException("bulk write of " + documents.size() + " documents failed: " + e, e);
        }
        if (!response.errors()) {
            return rejected;
        }
        List<BulkResponseItem> items = response.items();
        String transientFailure = null;
        int transientCount = 0;
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            if (item.error() == null || isSuperseded(item.status())) {
                continue;
            }
            VersionedDocument document = documents.get(i);
            String description = TelemetryWriter.describe(item.error());
            if (TelemetryWriter.isPermanent(item.status(), item.error())) {
                rejected.merge(document.position(), "OpenSearch rejected the document: " + description, (a, b) -> a);
            } else {
                transientCount++;
                if (transientFailure == null) {
                    transientFailure = "status " + item.status() + " on document " + document.id() + ": " + description;
                }
            }
        }
        if (transientFailure != null) {
            throw new StoreUnavailableException(transientCount + " of " + items.size()
                    + " bulk items failed transiently, first: " + transientFailure, null);
        }
        return rejected;
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
