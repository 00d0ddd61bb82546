package io.fieldlink.dashboard.rollup;

import io.fieldlink.dashboard.store.IndexLayout;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Deletes whole telemetry and rollup indices that {@link RetentionPolicy} lets go. */
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final OpenSearchClient client;
    private final IndexLayout layout;
    private final RollupProgress progress;
    private final RetentionPolicy policy;

    Retention(OpenSearchClient client, IndexLayout layout, RollupProgress progress, RetentionPolicy policy) {
        this.client = client;
        this.layout = layout;
        this.progress = progress;
        this.policy = policy;
    }

    /** Deletes what is due at {@code now}; returns the deleted index names. */
    List<String> run(Instant now) throws IOException {
        Set<String> indices = new TreeSet<>();
        indices.addAll(client.indices().get(g -> g.index(layout.telemetryPattern(), layout.rollupPattern())
                .ignoreUnavailable(true).allowNoIndices(true)).result().keySet());
        // before the first rollup run nothing raw is deleted: its readings would be lost
        Instant rolledUpTo = progress.read().map(RollupProgress.State::rolledUpTo).orElse(Instant.EPOCH);
        List<String> delete = policy.toDelete(indices, now, rolledUpTo);
        for (String index : delete) {
            // one explicit name per call: never a wildcard, so nothing but the listed index can go
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
            log.info("Retention deleted index {}", index);
        }
        return delete;
    }
}
