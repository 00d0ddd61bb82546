package io.fieldlink.ingest.beam;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.ingest.IngestPaths;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.telemetry.BatchBodies;
import io.fieldlink.ingest.telemetry.BatchResponse;
import io.fieldlink.ingest.telemetry.BatchResponse.ItemResult;
import io.fieldlink.ingest.telemetry.CorrelationIds;
import io.fieldlink.ingest.telemetry.HarvestCompat;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.RequestBodies;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.support.problem.ApiProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/telemetry/batch}: many readings of one device (typically a gateway behind Beam)
 * in one Beam-signed request, as a JSON array or NDJSON. Checked in this order: content type
 * (415), Beam signature (401), body size (413), batch structure and item count (400, 413
 * {@code too-many-items}); then every item that is a JSON object is admitted as a whole (429
 * {@code rate-limited}, 503 {@code overloaded}) and published, all records sent before the
 * acknowledgements are awaited.
 *
 * <p>The status says what was stored: 202 (201 with {@code X-Fieldlink-Compat: harvest}) every
 * item, 207 some items (one result per item), and a problem when none: 503
 * {@code ingest-unavailable} when some item failed at Kafka (retrying the identical request is
 * safe), else 400. See {@code docs/ingest.md}, "Batches".
 */
@RestController
class BeamBatchController {

    private static final Logger log = LoggerFactory.getLogger(BeamBatchController.class);

    private final BeamSignatureVerifier verifier;
    private final TelemetryIngest ingest;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;
    private final int maxItems;

    BeamBatchController(BeamSignatureVerifier verifier, TelemetryIngest ingest, IngestMetrics metrics,
                        IngestProperties properties) {
        this.verifier = verifier;
        this.ingest = ingest;
        this.metrics = metrics;
        this.maxBodyBytes = properties.batch().maxBodySize().toBytes();
        this.maxItems = properties.batch().maxItems();
    }

    @PostMapping(IngestPaths.TELEMETRY_BATCH)
    ResponseEntity<BatchResponse> post(HttpServletRequest request) {
        return metrics.track(SourceProtocol.BEAM_HTTP, () -> accept(request),
                response -> response.getStatusCode().value() == 207 ? "partial" : "accepted");
    }

    private ResponseEntity<BatchResponse> accept(HttpServletRequest request) {
        BatchBodies.Format format = BatchBodies.format(request.getContentType());
        BeamSignatureVerifier.Verified beam = switch (verifier.verify(BeamTelemetryController.headers(request))) {
            case BeamSignatureVerifier.Verified verified -> verified;
            case BeamSignatureVerifier.Rejected rejected -> {
                log.info("Beam batch refused: {}", rejected.reason());
                throw IngestProblems.beamUnauthorized();
            }
        };
        byte[] body = RequestBodies.read(request, maxBodyBytes);
        List<BatchBodies.Item> items = BatchBodies.parse(body, format, maxItems);
        String correlationId = CorrelationIds.fromHeader(request.getHeader(CorrelationIds.HEADER));

        List<TelemetryIngest.BatchItem> readings = items.stream().filter(BatchBodies.Item::isReading)
                .map(item -> new TelemetryIngest.BatchItem(item.index(), item.payload(), item.sha256()))
                .toList();
        List<TelemetryIngest.ItemOutcome> outcomes = ingest.ingestBatch(new TelemetryIngest.Batch(beam.tenantId(),
                BeamTelemetryController.deviceId(beam),
                new DeviceIdentity(beam.imsi(), beam.imei(), beam.msisdn(), beam.simId()), SourceProtocol.BEAM_HTTP,
                beam.timestamp(), correlationId, readings));

        List<ItemResult> results = new ArrayList<>(items.size());
        Optional<ApiProblemException> unavailable = Optional.empty();
        for (BatchBodies.Item item : items) {
            if (!item.isReading()) {
                results.add(ItemResult.rejected(item.index(), item.problem()));
                metrics.countItem(SourceProtocol.BEAM_HTTP, item.problem());
            }
        }
        for (TelemetryIngest.ItemOutcome outcome : outcomes) {
            if (outcome.published()) {
                results.add(ItemResult.accepted(outcome.index(), outcome.event().messageId()));
                metrics.countItem(SourceProtocol.BEAM_HTTP, null);
            } else {
                ApiProblemException problem = outcome.problem().orElseThrow();
                results.add(ItemResult.rejected(outcome.index(), problem));
                metrics.countItem(SourceProtocol.BEAM_HTTP, problem);
                unavailable = unavailable.or(() -> Optional.of(problem));
            }
        }
        results.sort(Comparator.comparingInt(ItemResult::index));
        int accepted = (int) results.stream().filter(ItemResult::isAccepted).count();
        BatchResponse response = new BatchResponse(accepted, results.size() - accepted, results);

        if (accepted == 0) {
            // nothing stored: a problem, with the per-item results
            ApiProblemException problem = unavailable
                    .map(p -> IngestProblems.unavailable(Long.parseLong(p.headers().getFirst(HttpHeaders.RETRY_AFTER))))
                    .orElseGet(() -> IngestProblems.malformed("No item of the batch is a reading object."));
            throw problem.with("accepted", 0).with("rejected", response.rejected()).with("items", results);
        }
        if (beam.previousKey()) {
            log.debug("Beam credential {} matched with its previous key", beam.credentialId());
        }
        var answer = ResponseEntity.status(accepted == results.size()
                        ? HarvestCompat.accepted(request.getHeader(HarvestCompat.HEADER))
                        : HttpStatus.MULTI_STATUS)
                .header(CorrelationIds.HEADER, correlationId);
        // some items may be retried later: say when
        unavailable.ifPresent(p -> answer.header(HttpHeaders.RETRY_AFTER, p.headers().getFirst(HttpHeaders.RETRY_AFTER)));
        return answer.body(response);
    }
}
