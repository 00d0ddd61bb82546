package io.fieldlink.dashboard.projector;

import java.util.Map;

/**
 * The whole state of one alert or command after one of its events, written with an external version:
 * OpenSearch keeps the document with the greatest version, so an older event that arrives later (or a
 * duplicate) never overwrites a newer state.
 *
 * @param position index of the record in its poll batch
 * @param index    the index the document lives in
 * @param id       document id ({@code tenant:alertId} or {@code tenant:commandId})
 * @param version  the event's sequence, used as the external version
 * @param document the document
 */
record VersionedDocument(int position, String index, String id, long version, Map<String, Object> document) {
}
