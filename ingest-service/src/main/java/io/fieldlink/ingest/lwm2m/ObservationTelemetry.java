package io.fieldlink.ingest.lwm2m;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceObservationReported;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.telemetry.MessageIds;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An LwM2M observation as a reading: same tenant, device, values and time; source protocol {@code lwm2m}; the message
 * id derived from the observation id, so a re-delivered observation is the same reading downstream. Plain Java.
 */
final class ObservationTelemetry {

    private ObservationTelemetry() {
    }

    static TelemetryReceived of(DeviceObservationReported observation, Instant received) {
        String messageId = MessageIds.of(observation.deviceId(), observation.eventTime(),
                ("lwm2m-observation:" + observation.observationId()).getBytes(StandardCharsets.UTF_8));
        return new TelemetryReceived(observation.tenantId(), observation.deviceId(), messageId,
                observation.eventTime(), received, SourceProtocol.LWM2M, DeviceIdentity.NONE,
                observation.measurements(), observation.attributes());
    }
}
