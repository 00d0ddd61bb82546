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
import java.util.function.Function;

/**
 * Writes versioned documents in one bulk request. By default (alerts and commands) each is an {@code index} with
 * {@code version_type: external} and version = the event's sequence. OpenSearch applies a write only
 * when its version is greater than the stored one; otherwise it answers 409 for that item, which here
 * means "an equal or newer state is already stored" (a duplicate, a replay, or an older event arriving
 * late) and counts as done. The outcome therefore does not depend on the order or the number of
 * deliveries, and needs no script.
 * <p>
 * Device profiles are written in another {@link Mode} instead: a partial scripted upsert that orders by the profile
 * revision itself (see {@link DeviceProfileDocuments}), because the device document also holds the telemetry.
 * <p>
 * Other item failures are classified like {@link TelemetryWriter}'s: 400 is permanent (the record is
 * dead-lettered), anything else is transient ({@link StoreUnavailableException}, the batch is written
 * again after a back-off).
 */
class LatestStateWriter {

    /**
     * How a document becomes a bulk operation.
     *
     * @param operation            the bulk operation of one document
     * @param conflictIsSuperseded whether a 409 means "an equal or newer state is stored" (external versions) rather
     *                             than contention that outlasted {@code retry_on_conflict} (transient)
     */
    record Mode(Function<VersionedDocument, BulkOperation> operation, boolean conflictIsSuperseded) {

        /** Whole documents with the version as external version: alerts and commands. */
        static final Mode EXTERNAL_VERSION = new Mode(document -> BulkOperation.of(op -> op.index(index -> index
                .index(document.index())
                .id(document.id())
                .version(document.version())
                .versionType(VersionType.External)
                .document(document.document()))), true);
    }

    private final OpenSearchClient client;
    private final IndexTemplates templates;
    private final Mode mode;

    LatestStateWriter(OpenSearchClient client, IndexTemplates templates) {
        this(client, templates, Mode.EXTERNAL_VERSION);
    }

    LatestStateWriter(OpenSearchClient client, IndexTemplates templates, Mode mode) {
        this.client = client;
        this.templates = templates;
        this.mode = mode;
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
                return mode.conflictIsSuperseded() && isSuperseded(status);
            }
        });
    }

    BulkRequest request(List<VersionedDocument> documents) {
        List<BulkOperation> operations = new ArrayList<>(documents.size());
        for (VersionedDocument document : documents) {
            operations.add(mode.operation().apply(document));
        }
        return BulkRequest.of(b -> b.operations(operations));
    }

    /** With external versions, a conflict means the stored state is as new or newer: nothing to do. */
    static boolean isSuperseded(int status) {
        return status == 409;
    }
}
