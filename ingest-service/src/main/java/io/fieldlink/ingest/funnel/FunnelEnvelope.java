package io.fieldlink.ingest.funnel;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A SORACOM Funnel envelope as read by {@link FunnelEnvelopeParser}.
 *
 * @param operatorId     {@code operatorId} / {@code operatorid}
 * @param credentialsId  {@code credentialsId} / {@code credentialId}; may be null
 * @param timestamp      Funnel's server-side timestamp (epoch milliseconds on the wire)
 * @param imsi           may be null
 * @param imei           may be null
 * @param sourceProtocol how the device reached Funnel ({@code tcp}, {@code udp}, ...); may be null
 * @param payload        the device's JSON object (decoded from base64 when Funnel sent it so)
 * @param payloadSha256  hex SHA-256 of the payload: of the decoded bytes for a base64 payload, of
 *                       its compact JSON for an object payload
 * @param base64Payload  whether the payload came as a base64 string
 */
public record FunnelEnvelope(String operatorId, String credentialsId, Instant timestamp, String imsi, String imei,
                             String sourceProtocol, JsonNode payload, String payloadSha256, boolean base64Payload) {

    /** IMSI, else IMEI. */
    public String deviceId() {
        return imsi != null && !imsi.isBlank() ? imsi : imei;
    }
}
