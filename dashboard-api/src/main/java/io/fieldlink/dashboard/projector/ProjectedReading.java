package io.fieldlink.dashboard.projector;

import java.util.Map;

/**
 * What one {@code TelemetryReceived} becomes in the read model.
 *
 * @param position          index of the record in its poll batch
 * @param telemetryIndex    time-based index of the reading document
 * @param messageId         id of the reading document (replays overwrite, never duplicate)
 * @param telemetryDocument the reading document
 * @param deviceDocumentId  id of the device's "last seen" document ({@code tenant:device})
 * @param deviceParams      parameters of the upsert script that moves "last seen" forward only
 */
record ProjectedReading(int position,
                        String telemetryIndex,
                        String messageId,
                        Map<String, Object> telemetryDocument,
                        String deviceDocumentId,
                        Map<String, Object> deviceParams) {
}
