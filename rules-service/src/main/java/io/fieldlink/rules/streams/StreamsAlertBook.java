package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.rules.alerts.AlertBook;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertBook} over the global {@value RulesTopology#ALERTS_STORE} store (latest event per alert id).
 * Listing walks the whole store: fine for the alert counts of this issue, documented as a limit.
 */
final class StreamsAlertBook implements AlertBook {

    private static final Comparator<AlertEvent> NEWEST_FIRST = Comparator.comparing(AlertEvent::raisedAt).reversed()
            .thenComparing(AlertEvent::alertId);

    private final RulesStreamsLifecycle streams;

    StreamsAlertBook(RulesStreamsLifecycle streams) {
        this.streams = streams;
    }

    @Override
    public Optional<AlertEvent> find(String alertId) {
        return streams.query(RulesTopology.ALERTS_STORE, QueryableStoreTypes.<String, AlertEvent>keyValueStore(),
                store -> Optional.ofNullable(store.get(alertId)));
    }

    @Override
    public List<AlertEvent> list(String tenantId, AlertStatus status, String deviceId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return streams.query(RulesTopology.ALERTS_STORE, QueryableStoreTypes.<String, AlertEvent>keyValueStore(), store -> {
            List<AlertEvent> matching = new ArrayList<>();
            try (KeyValueIterator<String, AlertEvent> entries = store.all()) {
                entries.forEachRemaining(entry -> {
                    AlertEvent event = entry.value;
                    if (event != null && event.tenantId().equals(tenantId)
                            && (status == null || event.status() == status)
                            && (deviceId == null || event.deviceId().equals(deviceId))) {
                        matching.add(event);
                    }
                });
            }
            matching.sort(NEWEST_FIRST);
            return List.copyOf(matching.subList(0, Math.min(limit, matching.size())));
        });
    }
}
