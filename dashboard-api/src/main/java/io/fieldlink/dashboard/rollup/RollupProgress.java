package io.fieldlink.dashboard.rollup;

import io.fieldlink.dashboard.store.IndexLayout;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.GetResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Progress of the hourly rollup job, kept in OpenSearch (document {@code hourly-rollup} of
 * {@code <prefix>-jobs}) so that a restart, or another instance, continues where the last run stopped.
 * <p>
 * The series queries read {@link #rolledUpTo()} to know up to which hour rollups exist; that value is
 * cached for {@link #CACHE_FOR} so that a query does not pay an extra request each time.
 */
public class RollupProgress {

    static final String DOCUMENT_ID = "hourly-rollup";
    static final String ROLLED_UP_TO = "rolledUpTo";
    static final String RECEIVED_CURSOR = "receivedCursor";
    static final Duration CACHE_FOR = Duration.ofSeconds(30);

    /**
     * @param rolledUpTo     every hour before this (exclusive, whole hour) has been rolled up
     * @param receivedCursor readings received from this instant on (minus the lateness margin) are checked for
     *                       hours that need rolling up again
     */
    record State(Instant rolledUpTo, Instant receivedCursor) {
    }

    private record Cached(Optional<Instant> rolledUpTo, Instant readAt) {
    }

    private final OpenSearchClient client;
    private final IndexLayout layout;
    private final Clock clock;
    private volatile Cached cached;

    RollupProgress(OpenSearchClient client, IndexLayout layout, Clock clock) {
        this.client = client;
        this.layout = layout;
        this.clock = clock;
    }

    /** Every hour before the answer has been rolled up; empty before the first run. Cached for a short while. */
    public Optional<Instant> rolledUpTo() throws IOException {
        Cached current = cached;
        Instant now = clock.instant();
        if (current == null || current.readAt().plus(CACHE_FOR).isBefore(now)) {
            current = new Cached(read().map(State::rolledUpTo), now);
            cached = current;
        }
        return current.rolledUpTo();
    }

    @SuppressWarnings("rawtypes")
    Optional<State> read() throws IOException {
        GetResponse<Map> response;
        try {
            response = client.get(g -> g.index(layout.jobsIndex()).id(DOCUMENT_ID), Map.class);
        } catch (OpenSearchException e) {
            if (e.status() == 404) { // no jobs index yet
                return Optional.empty();
            }
            throw e;
        }
        if (!response.found() || response.source() == null) {
            return Optional.empty();
        }
        Map<?, ?> source = response.source();
        return Optional.of(new State(Instant.ofEpochMilli(((Number) source.get(ROLLED_UP_TO)).longValue()),
                Instant.ofEpochMilli(((Number) source.get(RECEIVED_CURSOR)).longValue())));
    }

    void write(State state) throws IOException {
        client.index(i -> i.index(layout.jobsIndex()).id(DOCUMENT_ID).refresh(Refresh.True)
                .document(Map.of(ROLLED_UP_TO, state.rolledUpTo().toEpochMilli(),
                        RECEIVED_CURSOR, state.receivedCursor().toEpochMilli())));
        cached = new Cached(Optional.of(state.rolledUpTo()), clock.instant());
    }

    /** Forgets the cached value (tests, and after a manual reset of the document). */
    public void invalidate() {
        cached = null;
    }
}
