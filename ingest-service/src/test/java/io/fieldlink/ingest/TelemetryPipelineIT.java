package io.fieldlink.ingest;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.fieldlink.testsupport.KafkaExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.fieldlink.ingest.IngestIntegrationTest.FUNNEL_TOKEN;
import static io.fieldlink.ingest.IngestIntegrationTest.PSK;
import static io.fieldlink.ingest.IngestIntegrationTest.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** Beam and Funnel requests against the real service and a real broker, read back from the topic. */
class TelemetryPipelineIT extends PipelineITSupport {

    static final String IMSI = "295000012345678";
    static final String IMEI = "860000012345678";

    private static String marker() {
        return UUID.randomUUID().toString();
    }

    private HttpResponse<String> beam(Map<String, String> headers, String body) {
        return client.post(IngestPaths.TELEMETRY, headers, "application/json", body);
    }

    @Test
    void theTopicIsCreatedOnStartupWithTheConfiguredPartitions() throws Exception {
        try (Admin admin = Admin.create(KafkaExtension.node().adminProperties())) {
            var description = admin.describeTopics(List.of(Topics.TELEMETRY.name())).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(description.get(Topics.TELEMETRY.name()).partitions()).hasSize(4);
        }
    }

    @Test
    void signedReadingIsPublishedWithDeviceKeyHeadersAndNormalisedPayload() {
        String run = marker();
        String body = "{\"temparature\":24.5,\"soil\":{\"moisture\":0.31},\"levels\":[1,2],\"battery\":\"ok\","
                + "\"run\":\"" + run + "\",\"timestamp\":\"2026-11-27T10:00:00Z\"}";
        Map<String, String> headers = new HashMap<>(BeamRequests.signed(PSK, IMSI, IMEI));
        headers.put("X-Correlation-Id", "it-corr-" + run);

        HttpResponse<String> response = beam(headers, body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        String messageId = IngestClient.messageId(response);
        long beamTimestamp = Long.parseLong(headers.get("x-soracom-timestamp"));
        assertThat(messageId).isEqualTo(MessageIds.of(IMSI, Instant.ofEpochMilli(beamTimestamp), body.getBytes(StandardCharsets.UTF_8)));

        ConsumerRecord<String, TelemetryReceived> record = topic.readMessage(messageId);
        assertThat(record.key()).isEqualTo(IMSI);
        assertThat(TelemetryTopic.header(record, RecordHeaders.CORRELATION_ID)).isEqualTo("it-corr-" + run);
        assertThat(TelemetryTopic.header(record, RecordHeaders.TENANT_ID)).isEqualTo(TENANT);
        TelemetryReceived event = record.value();
        assertThat(event.tenantId()).isEqualTo(TENANT);
        assertThat(event.deviceId()).isEqualTo(IMSI);
        assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.BEAM_HTTP);
        assertThat(event.identity().imsi()).isEqualTo(IMSI);
        assertThat(event.identity().imei()).isEqualTo(IMEI);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(event.receivedTime()).isAfter(Instant.now().minusSeconds(60));
        assertThat(event.measurements()).containsOnly(
                Map.entry("temparature", 24.5), Map.entry("soil.moisture", 0.31),
                Map.entry("levels.0", 1.0), Map.entry("levels.1", 2.0));
        assertThat(event.attributes()).containsOnly(Map.entry("battery", "ok"), Map.entry("run", run));
    }

    @Test
    void aRetriedIdenticalRequestCarriesTheSameMessageId() {
        String body = "{\"t\":1,\"run\":\"" + marker() + "\"}";
        Map<String, String> headers = BeamRequests.signed(PSK, IMSI, IMEI);

        String first = IngestClient.messageId(beam(headers, body));
        String second = IngestClient.messageId(beam(headers, body));

        assertThat(second).isEqualTo(first);
        // both deliveries are in the topic under the one id: consumers deduplicate on it
        var copies = topic.readUntilCount(e -> e.messageId().equals(first), 2).stream()
                .filter(r -> r.value().messageId().equals(first)).toList();
        assertThat(copies).hasSize(2).extracting(ConsumerRecord::key).containsOnly(IMSI);
        assertThat(copies.get(0).value().measurements()).isEqualTo(copies.get(1).value().measurements());
    }

    @Test
    void rejectedRequestsPublishNothing() {
        String unsigned = marker();
        String wrongKey = marker();
        String stale = marker();
        String tooLarge = marker();
        String wrongType = marker();
        String notAnObject = marker();
        long now = System.currentTimeMillis();

        assertThat(beam(Map.of("x-soracom-imsi", IMSI), reading(unsigned)).statusCode()).isEqualTo(401);
        assertThat(beam(BeamRequests.signed("not-the-psk", IMSI, IMEI), reading(wrongKey)).statusCode()).isEqualTo(401);
        assertThat(beam(BeamRequests.signed(PSK, IMSI, IMEI, now - 10 * 60_000), reading(stale)).statusCode()).isEqualTo(401);
        String big = "{\"run\":\"" + tooLarge + "\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertThat(client.postChunked(IngestPaths.TELEMETRY, BeamRequests.signed(PSK, IMSI, IMEI), big).statusCode()).isEqualTo(413);
        assertThat(client.post(IngestPaths.TELEMETRY, BeamRequests.signed(PSK, IMSI, IMEI), "text/plain", reading(wrongType))
                .statusCode()).isEqualTo(415);
        assertThat(beam(BeamRequests.signed(PSK, IMSI, IMEI), "[" + reading(notAnObject) + "]").statusCode()).isEqualTo(400);

        // a later accepted reading of the same device (same key, same partition) marks "everything before has arrived"
        String accepted = IngestClient.messageId(beam(BeamRequests.signed(PSK, IMSI, IMEI), reading(marker())));
        List<ConsumerRecord<String, TelemetryReceived>> records = topic.readUntil(e -> e.messageId().equals(accepted));
        assertThat(records).extracting(r -> r.value().attributes().get("run"))
                .doesNotContain(unsigned, wrongKey, stale, tooLarge, wrongType, notAnObject);
    }

    @Test
    void funnelEnvelopeIsPublishedUnderItsDeviceAndTenant() {
        String run = marker();
        String payload = "{\"temparature\":24,\"humidity\":33,\"run\":\"" + run + "\"}";
        String b64 = Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = client.post(IngestPaths.FUNNEL, Map.of("Authorization", "Bearer " + FUNNEL_TOKEN),
                "application/json", envelope("operatorid", TENANT, "\"" + b64 + "\""));

        assertThat(response.statusCode()).isEqualTo(202);
        String messageId = IngestClient.messageId(response);
        assertThat(messageId).isEqualTo(MessageIds.of("440103114938318", 1764237600000L,
                MessageIds.sha256Hex(payload.getBytes(StandardCharsets.UTF_8))));
        ConsumerRecord<String, TelemetryReceived> record = topic.readMessage(messageId);
        assertThat(record.key()).isEqualTo("440103114938318");
        assertThat(TelemetryTopic.header(record, RecordHeaders.TENANT_ID)).isEqualTo(TENANT);
        assertThat(TelemetryTopic.header(record, RecordHeaders.CORRELATION_ID)).isNotBlank();
        assertThat(record.value().sourceProtocol()).isEqualTo(SourceProtocol.FUNNEL);
        assertThat(record.value().eventTime()).isEqualTo(Instant.ofEpochMilli(1764237600000L));
        assertThat(record.value().measurements()).containsOnly(Map.entry("temparature", 24.0), Map.entry("humidity", 33.0));
        assertThat(record.value().attributes()).containsOnly(Map.entry("run", run));
    }

    @Test
    void funnelEnvelopeOfAnotherTenantIsForbiddenAndPublishesNothing() {
        String run = marker();
        HttpResponse<String> response = client.post(IngestPaths.FUNNEL, Map.of("Authorization", "Bearer " + FUNNEL_TOKEN),
                "application/json", envelope("operatorId", "OP0000000999", reading(run)));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("https://fieldlink.io/problems/forbidden");

        String accepted = IngestClient.messageId(client.post(IngestPaths.FUNNEL,
                Map.of("Authorization", "Bearer " + FUNNEL_TOKEN), "application/json",
                envelope("operatorId", TENANT, reading(marker()))));
        assertThat(topic.readUntil(e -> e.messageId().equals(accepted)))
                .extracting(r -> r.value().attributes().get("run")).doesNotContain(run);
    }

    @Test
    void unknownFunnelTokenIs401() {
        HttpResponse<String> response = client.post(IngestPaths.FUNNEL, Map.of("Authorization", "Bearer nope"),
                "application/json", envelope("operatorId", TENANT, reading(marker())));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("ingest token");
    }

    private static String reading(String run) {
        return "{\"t\":1,\"run\":\"" + run + "\"}";
    }

    private static String envelope(String operatorField, String operatorId, String payloads) {
        return "{\"" + operatorField + "\":\"" + operatorId + "\",\"timestamp\":1764237600000,"
                + "\"credentialsId\":\"it\",\"imsi\":\"440103114938318\",\"imei\":\"359675070019530\","
                + "\"sourceProtocol\":\"tcp\",\"payloads\":" + payloads + "}";
    }
}
