package io.fieldlink.ingest.beam;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.IngestPaths;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.telemetry.CorrelationIds;
import io.fieldlink.ingest.telemetry.HarvestCompat;
import io.fieldlink.ingest.telemetry.IngestAccepted;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.ingest.telemetry.RequestBodies;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code POST /v1/telemetry}: a device's JSON reading forwarded by SORACOM Beam. Checked in this
 * order: content type (415), Beam signature (401), body size (413), JSON object (400); then
 * published (per-device rate limit 429, in-flight limit 503), and answered 202 only once Kafka
 * acknowledged (else 503); 201 instead of 202 with {@code X-Fieldlink-Compat: harvest}.
 */
@RestController
class BeamTelemetryController {

    private static final Logger log = LoggerFactory.getLogger(BeamTelemetryController.class);

    private final BeamSignatureVerifier verifier;
    private final TelemetryIngest ingest;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;

    BeamTelemetryController(BeamSignatureVerifier verifier, TelemetryIngest ingest, IngestMetrics metrics,
                            IngestProperties properties) {
        this.verifier = verifier;
        this.ingest = ingest;
        this.metrics = metrics;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    @PostMapping(IngestPaths.TELEMETRY)
    ResponseEntity<IngestAccepted> post(HttpServletRequest request) {
        return metrics.track(SourceProtocol.BEAM_HTTP, () -> accept(request));
    }

    private ResponseEntity<IngestAccepted> accept(HttpServletRequest request) {
        RequestBodies.requireJson(request.getContentType());
        BeamSignatureVerifier.Verified beam = switch (verifier.verify(headers(request))) {
            case BeamSignatureVerifier.Verified verified -> verified;
            case BeamSignatureVerifier.Rejected rejected -> {
                log.info("Beam request refused: {}", rejected.reason());
                throw IngestProblems.beamUnauthorized();
            }
        };
        byte[] body = RequestBodies.read(request, maxBodyBytes);
        var payload = RequestBodies.parseObject(body);
        String correlationId = CorrelationIds.fromHeader(request.getHeader(CorrelationIds.HEADER));
        TelemetryReceived event = ingest.ingest(new TelemetryIngest.Reading(beam.tenantId(), deviceId(beam),
                new DeviceIdentity(beam.imsi(), beam.imei(), beam.msisdn(), beam.simId()), SourceProtocol.BEAM_HTTP,
                payload, beam.timestamp(), MessageIds.sha256Hex(body), correlationId));
        if (beam.previousKey()) {
            log.debug("Beam credential {} matched with its previous key", beam.credentialId());
        }
        return ResponseEntity.status(HarvestCompat.accepted(request.getHeader(HarvestCompat.HEADER)))
                .header(CorrelationIds.HEADER, correlationId)
                .body(new IngestAccepted(event.messageId()));
    }

    /** IMSI, else SIM id, else IMEI, else the Sigfox or LoRaWAN device id. */
    static String deviceId(BeamSignatureVerifier.Verified beam) {
        return Stream.of(beam.imsi(), beam.simId(), beam.imei(), beam.sigfoxDeviceId(), beam.loraDeviceId())
                .filter(id -> id != null && !id.isBlank())
                .findFirst()
                .orElseThrow(IngestProblems::beamUnauthorized); // the verifier refuses requests without identity
    }

    static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (name.regionMatches(true, 0, "x-soracom-", 0, 10)) {
                headers.put(name, Collections.list(request.getHeaders(name)));
            }
        }
        return headers;
    }
}
