package io.fieldlink.ingest.funnel;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.IngestPaths;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.telemetry.CorrelationIds;
import io.fieldlink.ingest.telemetry.IngestAccepted;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.RequestBodies;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/funnel}: a SORACOM Funnel envelope, authenticated by a tenant ingest token.
 * Checked in this order: content type (415), token (401), body size (413), envelope (400), the
 * envelope's operator id against the token's tenant (403); then published like a Beam reading.
 */
@RestController
class FunnelController {

    private static final Logger log = LoggerFactory.getLogger(FunnelController.class);

    private final FunnelTokens tokens;
    private final FunnelEnvelopeParser parser;
    private final TelemetryIngest ingest;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;

    FunnelController(FunnelTokens tokens, TelemetryIngest ingest, IngestMetrics metrics, IngestProperties properties,
                     BinaryFormats binaryFormats) {
        this.tokens = tokens;
        this.parser = new FunnelEnvelopeParser(binaryFormats);
        this.ingest = ingest;
        this.metrics = metrics;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    @PostMapping(IngestPaths.FUNNEL)
    ResponseEntity<IngestAccepted> post(HttpServletRequest request) {
        return metrics.track(SourceProtocol.FUNNEL, () -> accept(request));
    }

    private ResponseEntity<IngestAccepted> accept(HttpServletRequest request) {
        RequestBodies.requireJson(request.getContentType());
        FunnelTokens.Token token = tokens.authenticate(FunnelTokens.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)))
                .orElseThrow(IngestProblems::tokenUnauthorized);
        byte[] body = RequestBodies.read(request, maxBodyBytes);
        FunnelEnvelope envelope;
        try {
            envelope = parser.parse(body);
        } catch (FunnelEnvelopeParser.InvalidEnvelopeException e) {
            throw e.unsupportedPayload() ? IngestProblems.unsupportedPayload(e.getMessage()) : IngestProblems.malformed(e.getMessage());
        }
        if (!envelope.operatorId().equals(token.tenant())) {
            log.info("Funnel envelope refused: token {} is not for the envelope's operator", token.id());
            throw IngestProblems.tenantMismatch();
        }
        String correlationId = CorrelationIds.fromHeader(request.getHeader(CorrelationIds.HEADER));
        TelemetryReceived event = ingest.ingest(new TelemetryIngest.Reading(token.tenant(), envelope.deviceId(),
                new DeviceIdentity(blankToNull(envelope.imsi()), blankToNull(envelope.imei()), null, null),
                SourceProtocol.FUNNEL, envelope.payload(), envelope.timestamp(), envelope.payloadSha256(), correlationId));
        return ResponseEntity.accepted()
                .header(CorrelationIds.HEADER, correlationId)
                .body(new IngestAccepted(event.messageId()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
