package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** The newest reading of a device (by event time; equal times by message id). */
@Schema(name = "LatestReading")
record LatestReading(String deviceId,
                     String messageId,
                     Instant eventTime,
                     Instant receivedTime,
                     @Schema(example = "http") String sourceProtocol,
                     Map<String, Double> measurements,
                     Map<String, String> attributes) {
}
