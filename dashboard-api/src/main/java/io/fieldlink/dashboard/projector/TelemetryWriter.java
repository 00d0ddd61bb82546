package io.fieldlink.dashboard.projector;

import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.BuiltinScriptLanguage;
import org.opensearch.client.opensearch._types.Script;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes projected readings in one bulk request: per reading an {@code index} of the reading document
 * (id = message id, so a replay overwrites itself) and a scripted upsert of the device document that
 * only moves "last seen" forward.
 * <p>
 * Item failures are classified: a 400 (the mapping refuses the document) is permanent and reported
 * back so the record is dead-lettered; anything else (429, 5xx, version conflicts after retries, the
 * request failing as a whole) is transient and throws {@link StoreUnavailableException}, so the batch
 * is written again and nothing is acknowledged on a failed write.
 */
class TelemetryWriter {

    private static final Logger log = LoggerFactory.getLogger(TelemetryWriter.class);

    /**
     * Moves the device document forward only: a reading replaces the stored one when its event time
     * is later, or equal with a greater message id (so the outcome does not depend on arrival order);
     * otherwise the update is a no-op. Runs as a scripted upsert, so it also creates the document.
     */
    static final String LAST_SEEN_SCRIPT = """
            def s = ctx._source;
            if (s.lastSeenMicros == null
                || params.lastSeenMicros > s.lastSeenMicros
                || (params.lastSeenMicros == s.lastSeenMicros && s.lastMessageId != null
                    && params.lastMessageId.compareTo(s.lastMessageId) > 0)) {
              s.tenantId = params.tenantId;
              s.deviceId = params.deviceId;
              s.lastSeen = params.lastSeen;
              s.lastSeenMicros = params.lastSeenMicros;
              s.lastMessageId = params.lastMessageId;
              s.receivedTime = params.receivedTime;
              s.sourceProtocol = params.sourceProtocol;
              s.measurements = params.measurements;
              s.attributes = params.attributes;
            } else {
              ctx.op = 'none';
            }""";

    /** Concurrent writers of the same device (only during a partition rebalance) retry the script. */
    private static final int RETRY_ON_CONFLICT = 5;

    private final OpenSearchClient client;
    private final IndexTemplates templates;
    private final IndexLayout layout;

    TelemetryWriter(OpenSearchClient client, IndexTemplates templates, IndexLayout layout) {
        this.client = client;
        this.templates = templates;
        this.layout = layout;
    }

    /**
     * @return batch position to reason, for the readings OpenSearch refused for good (empty if all were stored)
     * @throws StoreUnavailableException when OpenSearch could not take the whole bulk
     */
    TreeMap<Integer, String> write(List<ProjectedReading> readings) {
        if (readings.isEmpty()) {
            return new TreeMap<>();
        }
        BulkResponse response;
        try {
            templates.ensureInstalled();
            response = client.bulk(request(readings));
        } catch (Exception e) {
            throw new StoreUnavailableException("bulk write of " + readings.size() + " readings failed: " + e, e);
        }
        TreeMap<Integer, String> rejected = BulkItems.refusedOrThrow(response, new BulkItems.Subject() {
            // two items per reading: its own document, then its device's
            @Override
            public int position(int item) {
                return readings.get(item / 2).position();
            }

            @Override
            public String refused(int item) {
                return "the " + (item % 2 == 0 ? "reading" : "device") + " document";
            }

            @Override
            public String failed(int item) {
                return refused(item) + " of message " + readings.get(item / 2).messageId();
            }
        });
        log.debug("{} of {} readings rejected by OpenSearch: {}", rejected.size(), readings.size(), rejected);
        return rejected;
    }

    BulkRequest request(List<ProjectedReading> readings) {
        List<BulkOperation> operations = new ArrayList<>(readings.size() * 2);
        for (ProjectedReading reading : readings) {
            operations.add(BulkOperation.of(op -> op.index(index -> index
                    .index(reading.telemetryIndex())
                    .id(reading.messageId())
                    .document(reading.telemetryDocument()))));
            Map<String, JsonData> params = new LinkedHashMap<>();
            reading.deviceParams().forEach((key, value) -> params.put(key, JsonData.of(value)));
            operations.add(BulkOperation.of(op -> op.update(update -> update
                    .index(layout.devicesIndex())
                    .id(reading.deviceDocumentId())
                    .retryOnConflict(RETRY_ON_CONFLICT)
                    .scriptedUpsert(true)
                    .upsert(Map.<String, Object>of())
                    .script(Script.of(s -> s.inline(inline -> inline
                            .lang(l -> l.builtin(BuiltinScriptLanguage.Painless))
                            .source(LAST_SEEN_SCRIPT)
                            .params(params)))))));
        }
        return BulkRequest.of(b -> b.operations(operations));
    }
}
