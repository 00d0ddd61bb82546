package io.fieldlink.dashboard.projector;

import java.util.Map;

/**
 * The whole state of one alert or command after one of its events, written with an external version:
 * OpenSearch keeps the document with the greatest version, so an older event that arrives later (or a
 * duplicate) never overwrites a newer state. For a device profile: the profile fields of the device document,
 * versioned by the profile's revision (compared by the upsert script, see {@link DeviceProfileDocuments}).
 *
 * @param position index of the record in its poll batch
 * @param index    the index the document lives in
 * @param id       document id ({@code tenant:alertId}, {@code tenant:commandId} or {@code tenant:deviceId})
 * @param version  the event's sequence (the external version), or the profile's revision
 * @param document the document
 */
record VersionedDocument(int position, String index, String id, long version, Map<String, Object> document) {
}
