package io.fieldlink.ingest;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.telemetry.MessageIds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.fieldlink.ingest.IngestIntegrationTest.API_KEY;
import static io.fieldlink.ingest.IngestIntegrationTest.PSK;
import static io.fieldlink.ingest.IngestIntegrationTest.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches, the per-device rate limit and the metrics against the real service and a real broker:
 * what was answered is what is in the topic. (Context: 50 items per batch, 100 readings a minute
 * per device; {@link IngestIntegrationTest}.)
 */
class BatchIngestIT extends PipelineITSupport {

    static final String BATCH = "/v1/telemetry/batch";
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every test its own device: its bucket and its partition order are its own. */
    private static String newImsi() {
        return "2950001" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
    }

    private static String item(String run, int i) {
        return "{\"run\":\"" + run + "\",\"i\":" + i + ",\"soil\":{\"moisture\":0." + (10 + i) + "}}";
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    @Test
    void aBatchOfNIsConsumedBackAsNRecordsWithTheAnsweredIds() {
        String imsi = newImsi();
        String run = UUID.randomUUID().toString();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(item(run, i));
        }
        Map<String, String> headers = new HashMap<>(BeamRequests.signed(PSK, imsi, null));
        headers.put("X-Correlation-Id", "it-batch-" + run);
        long beamTs = Long.parseLong(headers.get("x-soracom-timestamp"));

        HttpResponse<String> response = client.post(BATCH, headers, "application/json", "[" + String.join(",", items) + "]");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(40);
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            JsonNode result = body.get("items").get(i);
            assertThat(result.get("index").asInt()).isEqualTo(i);
            assertThat(result.get("status").asInt()).isEqualTo(202);
            String expected = MessageIds.ofBatchItem(imsi, beamTs, i,
                    MessageIds.sha256Hex(items.get(i).getBytes(StandardCharsets.UTF_8)));
            assertThat(result.get("messageId").asString()).isEqualTo(expected);
            answered.add(expected);
        }

        List<ConsumerRecord<String, TelemetryReceived>> records = topic.readUntilCount(e -> run.equals(e.attributes().get("run")), 40)
                .stream().filter(r -> run.equals(r.value().attributes().get("run"))).toList();
        assertThat(records).hasSize(40);
        // one device, one partition: the records are in the batch's order
        assertThat(records).extracting(r -> r.value().messageId()).containsExactlyElementsOf(answered);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(imsi);
        assertThat(records).extracting(r -> TelemetryTopic.header(r, RecordHeaders.CORRELATION_ID)).containsOnly("it-batch-" + run);
        assertThat(records).extracting(r -> TelemetryTopic.header(r, RecordHeaders.TENANT_ID)).containsOnly(TENANT);
        TelemetryReceived seventh = records.get(7).value();
        assertThat(seventh.sourceProtocol()).isEqualTo(SourceProtocol.BEAM_HTTP);
        assertThat(seventh.measurements()).containsEntry("i", 7.0).containsEntry("soil.moisture", 0.17);
        assertThat(seventh.identity().imsi()).isEqualTo(imsi);
    }

    @Test
    void aPartlyInvalidNdjsonBatchPublishesExactlyTheValidItems() {
        String imsi = newImsi();
        String run = UUID.randomUUID().toString();
        String body = String.join("\n", item(run, 0), "{\"run\":\"" + run + "\",", item(run, 2), "[\"" + run + "\"]",
                item(run, 4), "\"" + run + "\"") + "\n";

        HttpResponse<String> response = client.post(BATCH, BeamRequests.signed(PSK, imsi, null), "application/x-ndjson", body);

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode answer = json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("rejected").asInt()).isEqualTo(3);
        assertThat(answer.get("items").get(1).get("problem").get("type").asString())
                .isEqualTo("https://fieldlink.io/problems/malformed-request");
        List<String> acceptedIds = new ArrayList<>();
        answer.get("items").forEach(r -> {
            if (r.get("status").asInt() == 202) {
                acceptedIds.add(r.get("messageId").asString());
            }
        });

        // a later reading of the same device (same partition) marks "everything before has arrived"
        String marker = IngestClient.messageId(client.post(IngestPaths.TELEMETRY, BeamRequests.signed(PSK, imsi, null),
                "application/json", "{\"marker\":1}"));
        List<ConsumerRecord<String, TelemetryReceived>> ofRun = topic.readUntil(e -> e.messageId().equals(marker)).stream()
                .filter(r -> run.equals(r.value().attributes().get("run"))).toList();
        assertThat(ofRun).extracting(r -> r.value().messageId()).containsExactlyElementsOf(acceptedIds);
        assertThat(ofRun).extracting(r -> r.value().measurements().get("i")).containsExactly(0.0, 2.0, 4.0);
    }

    @Test
    void aDeviceOverItsRateGets429WithRetryAfterAndNothingOfTheRefusedBatchIsPublished() {
        String imsi = newImsi();
        String refusedRun = UUID.randomUUID().toString();
        // 100 tokens: two full batches use them up (1.7 tokens a second come back)
        for (int b = 0; b < 2; b++) {
            assertThat(client.post(BATCH, BeamRequests.signed(PSK, imsi, null), "application/json",
                    batchOf(UUID.randomUUID().toString(), 50)).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> refused = client.post(BATCH, BeamRequests.signed(PSK, imsi, null), "application/json",
                batchOf(refusedRun, 50));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("https://fieldlink.io/problems/rate-limited");
        // 50 tokens at 100 a minute: up to 30 s, less whatever came back since the bucket ran dry
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 30L));

        // one token is back within a second: a marker reading of the same device (same partition)
        AtomicReference<String> marker = new AtomicReference<>();
        var markerHeaders = BeamRequests.signed(PSK, imsi, null);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> r = client.post(IngestPaths.TELEMETRY, markerHeaders, "application/json", "{\"marker\":1}");
            if (r.statusCode() == 202) {
                marker.set(IngestClient.messageId(r));
                return true;
            }
            assertThat(r.statusCode()).isEqualTo(429);
            return false;
        });
        assertThat(topic.readUntil(e -> e.messageId().equals(marker.get())))
                .extracting(r -> r.value().attributes().get("run")).doesNotContain(refusedRun);
    }

    @Test
    void prometheusWithAnApiKeyShowsTheCountersAndTheLatencyHistogram() {
        String imsi = newImsi();
        assertThat(client.post(BATCH, BeamRequests.signed(PSK, imsi, null), "application/x-ndjson",
                "{\"t\":1}\n42\n").statusCode()).isEqualTo(207);
        assertThat(client.post(IngestPaths.TELEMETRY, BeamRequests.signed(PSK, imsi, null), "application/json",
                "{\"t\":1}").statusCode()).isEqualTo(202);

        assertThat(client.get("/actuator/prometheus", Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = client.get("/actuator/prometheus", Map.of("Authorization", "Bearer " + API_KEY));

        assertThat(scrape.statusCode()).isEqualTo(200);
        List<String> lines = scrape.body().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_requests_total{")
                .contains("outcome=\"accepted\"", "protocol=\"beam-http\"", "reason=\"none\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_requests_total{")
                .contains("outcome=\"partial\"", "protocol=\"beam-http\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_items_total{")
                .contains("outcome=\"rejected\"", "reason=\"malformed\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_items_total{")
                .contains("outcome=\"accepted\"", "reason=\"none\""));
        assertThat(lines.stream().filter(l -> l.startsWith("fieldlink_ingest_publish_latency_seconds_bucket{")
                && l.contains("outcome=\"acked\"")).count()).as("histogram buckets").isGreaterThan(10);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_publish_latency_seconds_bucket{")
                .contains("le=\"+Inf\"", "outcome=\"acked\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_publish_latency_seconds_count{")
                .contains("outcome=\"acked\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_publish_in_flight{"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_publish_in_flight_max{"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("fieldlink_ingest_rate_limit_devices{"));
    }

    private static String batchOf(String run, int n) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(item(run, i));
        }
        return "[" + String.join(",", items) + "]";
    }
}
