package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the alert and command documents of the read model. Every read is scoped to the caller's tenant:
 * documents are addressed by {@code tenant:id} (and the stored tenant is checked), searches carry a
 * tenant term. Lists are sorted newest first by a time that never changes for an item (raisedAt,
 * requestedAt) and the id, and are paged with {@code search_after} (see {@link Cursor}).
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class AlertCommandQueries {

    private static final Class<Map> DOCUMENT = Map.class;

    /** Filters of the alert list; null means "any". */
    record AlertFilter(String state, String deviceId, String severity) {
    }

    private final OpenSearchClient client;
    private final IndexLayout layout;

    AlertCommandQueries(OpenSearchClient client, IndexLayout layout) {
        this.client = client;
        this.layout = layout;
    }

    AlertPage alerts(String tenantId, AlertFilter filter, int limit, Cursor after) {
        List<Query> filters = new ArrayList<>();
        filters.add(term(Fields.TENANT_ID, tenantId));
        if (filter.state() != null) {
            filters.add(term(Fields.STATUS, filter.state()));
        }
        if (filter.deviceId() != null) {
            filters.add(term(Fields.DEVICE_ID, filter.deviceId()));
        }
        if (filter.severity() != null) {
            filters.add(term(Fields.SEVERITY, filter.severity()));
        }
        Page<AlertView> page = page(tenantId, layout.alertsIndex(), filters, Fields.RAISED_AT, Fields.ALERT_ID, limit,
                after, AlertCommandQueries::alert);
        return new AlertPage(page.items(), page.nextCursor());
    }

    Optional<AlertView> alert(String tenantId, String alertId) {
        return document(layout.alertsIndex(), tenantId, Fields.ALERT_ID, alertId).map(AlertCommandQueries::alert);
    }

    CommandPage commands(String tenantId, String deviceId, int limit, Cursor after) {
        List<Query> filters = List.of(term(Fields.TENANT_ID, tenantId), term(Fields.DEVICE_ID, deviceId));
        Page<CommandView> page = page(tenantId, layout.commandsIndex(), filters, Fields.REQUESTED_AT,
                Fields.COMMAND_ID, limit, after, AlertCommandQueries::command);
        return new CommandPage(page.items(), page.nextCursor());
    }

    Optional<CommandView> command(String tenantId, String commandId) {
        return document(layout.commandsIndex(), tenantId, Fields.COMMAND_ID, commandId)
                .map(AlertCommandQueries::command);
    }

    private record Page<T>(List<T> items, String nextCursor) {
    }

    /** One more item than asked for is fetched: it tells whether there is a next page. */
    <T> Page<T> page(String tenantId, String index, List<Query> filters, String timeField, String idField, int limit,
                     Cursor after, Function<Map<?, ?>, T> view) {
        SearchResponse<Map> response = StoreCalls.call(() -> client.search(
                searchRequest(index, filters, timeField, idField, limit, after), DOCUMENT));
        List<T> items = new ArrayList<>();
        Cursor last = null;
        boolean more = false;
        for (Hit<Map> hit : response.hits().hits()) {
            Map<?, ?> source = hit.source();
            if (source == null || !tenantId.equals(source.get(Fields.TENANT_ID))) {
                continue;
            }
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(view.apply(source));
            last = new Cursor(instant(source, timeField), string(source, idField));
        }
        return new Page<>(items, more && last != null ? last.encode() : null);
    }

    static SearchRequest searchRequest(String index, List<Query> filters, String timeField, String idField, int limit,
                                       Cursor after) {
        return SearchRequest.of(s -> {
            s.index(index)
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(o -> o.field(f -> f.field(timeField).order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field(idField).order(SortOrder.Desc)))
                    .size(limit + 1)
                    .trackTotalHits(t -> t.enabled(false));
            if (after != null) {
                s.searchAfter(FieldValue.of(after.time().toEpochMilli()), FieldValue.of(after.id()));
            }
            return s;
        });
    }

    private Optional<Map<?, ?>> document(String index, String tenantId, String idField, String id) {
        if (tenantId.indexOf(IndexLayout.DEVICE_ID_SEPARATOR) >= 0) {
            return Optional.empty();
        }
        GetResponse<Map> response = StoreCalls.call(() -> {
            try {
                return client.get(g -> g.index(index).id(IndexLayout.tenantDocumentId(tenantId, id)), DOCUMENT);
            } catch (OpenSearchException e) {
                if (e.status() == 404) { // no index yet: nothing projected at all
                    return null;
                }
                throw e;
            }
        });
        Map<?, ?> source = response != null && response.found() ? response.source() : null;
        // the id already contains the tenant; the check keeps a wrongly written document from leaking
        if (source == null || !tenantId.equals(source.get(Fields.TENANT_ID)) || !id.equals(source.get(idField))) {
            return Optional.empty();
        }
        return Optional.of(source);
    }

    static AlertView alert(Map<?, ?> source) {
        Map<String, Object> trigger = source.get(Fields.TRIGGER) instanceof Map<?, ?> map
                ? new LinkedHashMap<>((Map<String, Object>) map) : null;
        return new AlertView(string(source, Fields.ALERT_ID), string(source, Fields.DEVICE_ID),
                string(source, Fields.RULE_ID), string(source, Fields.RULE_NAME), string(source, Fields.SEVERITY),
                string(source, Fields.STATUS), string(source, Fields.LAST_EVENT_TYPE), number(source, Fields.SEQUENCE),
                instant(source, Fields.RAISED_AT), instant(source, Fields.OCCURRED_AT), string(source, Fields.REASON),
                string(source, Fields.ACKNOWLEDGED_BY), instant(source, Fields.ACKNOWLEDGED_AT),
                instant(source, Fields.CLEARED_AT), trigger);
    }

    static CommandView command(Map<?, ?> source) {
        return new CommandView(string(source, Fields.COMMAND_ID), string(source, Fields.DEVICE_ID),
                string(source, Fields.NAME), strings(source.get(Fields.PARAMETERS)), string(source, Fields.TRANSPORT),
                string(source, Fields.STATUS), (int) number(source, Fields.ATTEMPT), number(source, Fields.SEQUENCE),
                string(source, Fields.DETAIL),
                source.get(Fields.RESULT) == null ? null : strings(source.get(Fields.RESULT)),
                instant(source, Fields.REQUESTED_AT), instant(source, Fields.EXPIRES_AT),
                instant(source, Fields.OCCURRED_AT), string(source, Fields.ORIGIN));
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> result.put(String.valueOf(key), item == null ? null : item.toString()));
        }
        return result;
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    private static String string(Map<?, ?> source, String field) {
        Object value = source.get(field);
        return value == null ? null : value.toString();
    }

    private static long number(Map<?, ?> source, String field) {
        return source.get(field) instanceof Number number ? number.longValue() : 0;
    }

    private static Instant instant(Map<?, ?> source, String field) {
        Object value = source.get(field);
        return value == null ? null : Instant.parse(value.toString());
    }
}
