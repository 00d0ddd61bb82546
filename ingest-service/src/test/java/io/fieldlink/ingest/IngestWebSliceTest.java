package io.fieldlink.ingest;

import io.fieldlink.support.security.ApiKeyRegistry;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.funnel.FunnelTokens;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP contract of both endpoints with the real controllers, verifier, normaliser, problem
 * handling and security chain; only the Kafka publisher is a double.
 */
@WebMvcTest(properties = {
        "fieldlink.ingest.max-body-size=1KB",
        "fieldlink.ingest.beam.credentials[0].id=test",
        "fieldlink.ingest.beam.credentials[0].tenant=OP0000000001",
        "fieldlink.ingest.beam.credentials[0].psk=test-psk",
        "fieldlink.ingest.beam.credentials[0].previous-psk=old-psk",
        "fieldlink.ingest.beam.credentials[1].id=other",
        "fieldlink.ingest.beam.credentials[1].tenant=OP0000000002",
        "fieldlink.ingest.beam.credentials[1].psk=other-psk",
        "fieldlink.ingest.funnel.tokens[0].id=funnel-1",
        "fieldlink.ingest.funnel.tokens[0].tenant=OP0000000001",
        // sha256 of "funnel-token"
        "fieldlink.ingest.funnel.tokens[0].sha256=ba0bf4d81e781aadff58309bf1544bb05146321e3a04afd7774f34fa134fd3f5",
        "fieldlink.security.permit-paths=/v1/telemetry,/v1/funnel",
})
@IngestWebSlice
class IngestWebSliceTest {

    static final String FUNNEL_TOKEN = "funnel-token";
    static final String IMSI = "295000012345678";
    static final String IMEI = "860000012345678";
    static final String READING = "{\"temparature\":24.5,\"soil\":{\"moisture\":0.31},\"ok\":true,\"timestamp\":1764237600}";

    @Autowired
    MockMvc mvc;
    @Autowired
    RecordingPublisher publisher;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void reset() {
        publisher.reset();
    }

    private static MockHttpServletRequestBuilder beam(Map<String, String> headers, String body) {
        var request = post(IngestPaths.TELEMETRY).contentType(MediaType.APPLICATION_JSON).content(body);
        headers.forEach(request::header);
        return request;
    }

    private static Map<String, String> signed() {
        return BeamRequests.signed("test-psk", IMSI, IMEI);
    }

    private double count(String protocol, String outcome, String reason) {
        var counter = meters.find(IngestMetrics.REQUESTS)
                .tags("protocol", protocol, "outcome", outcome, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    // --- Beam: 202 ------------------------------------------------------------------------------

    @Test
    void signedReadingIsAcceptedWithItsMessageIdAndPublishedNormalised() throws Exception {
        var headers = signed();
        double before = count("beam-http", "accepted", "none");
        MvcResult result = mvc.perform(beam(headers, READING).header("X-Correlation-Id", "corr-1"))
                .andExpect(status().isAccepted())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string("X-Correlation-Id", "corr-1"))
                .andExpect(jsonPath("$.messageId").isString())
                .andReturn();
        String messageId = com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.messageId");
        long ts = Long.parseLong(headers.get("x-soracom-timestamp"));
        assertThat(messageId).isEqualTo(MessageIds.of(IMSI, Instant.ofEpochMilli(ts), READING.getBytes(StandardCharsets.UTF_8)));

        assertThat(publisher.published).hasSize(1);
        TelemetryReceived event = publisher.published.getFirst().event();
        assertThat(publisher.published.getFirst().correlationId()).isEqualTo("corr-1");
        assertThat(event.tenantId()).isEqualTo("OP0000000001");
        assertThat(event.deviceId()).isEqualTo(IMSI);
        assertThat(event.messageId()).isEqualTo(messageId);
        assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.BEAM_HTTP);
        assertThat(event.identity().imsi()).isEqualTo(IMSI);
        assertThat(event.identity().imei()).isEqualTo(IMEI);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2025-11-27T10:00:00Z"));
        assertThat(event.measurements()).containsOnlyKeys("temparature", "soil.moisture");
        assertThat(event.attributes()).containsOnlyKeys("ok");
        assertThat(count("beam-http", "accepted", "none")).isEqualTo(before + 1);
    }

    @Test
    void withoutDeviceTimestampTheEventTimeIsBeamsTimestamp() throws Exception {
        var headers = signed();
        mvc.perform(beam(headers, "{\"t\":1}")).andExpect(status().isAccepted());
        assertThat(publisher.published.getFirst().event().eventTime())
                .isEqualTo(Instant.ofEpochMilli(Long.parseLong(headers.get("x-soracom-timestamp"))));
    }

    @Test
    void theSameSignedRequestAgainGetsTheSameMessageId() throws Exception {
        var headers = signed();
        String first = mvc.perform(beam(headers, READING)).andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        String second = mvc.perform(beam(headers, READING)).andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        assertThat(second).isEqualTo(first);
        assertThat(publisher.published).extracting(p -> p.event().messageId()).containsOnly(
                publisher.published.getFirst().event().messageId());
    }

    @Test
    void previousKeyAndOtherTenantsKeyAreAccepted() throws Exception {
        mvc.perform(beam(BeamRequests.signed("old-psk", IMSI, IMEI), READING)).andExpect(status().isAccepted());
        mvc.perform(beam(BeamRequests.signed("other-psk", "295000000000009", null), READING)).andExpect(status().isAccepted());
        assertThat(publisher.published).extracting(p -> p.event().tenantId()).containsExactly("OP0000000001", "OP0000000002");
    }

    @Test
    void deviceIdIsSimIdWhenThereIsNoImsiAndTheLpwaIdForLpwaDevices() throws Exception {
        long now = System.currentTimeMillis();
        var simAndImei = new LinkedHashMap<String, String>();
        simAndImei.put("x-soracom-imei", IMEI);
        simAndImei.put("x-soracom-sim-id", "8942310000000000001");
        mvc.perform(beam(BeamRequests.signedIdentity("test-psk", simAndImei, now), "{\"t\":1}")).andExpect(status().isAccepted());
        mvc.perform(beam(BeamRequests.signed("test-psk", null, IMEI, now), "{\"t\":1}")).andExpect(status().isAccepted());
        mvc.perform(beam(BeamRequests.signedIdentity("test-psk", Map.of("x-soracom-sigfox-device-id", "1A2B3C"), now),
                "{\"t\":1}")).andExpect(status().isAccepted());
        assertThat(publisher.published).extracting(p -> p.event().deviceId())
                .containsExactly("8942310000000000001", IMEI, "1A2B3C");
    }

    @Test
    void anUnknownBearerHeaderDoesNotInterfereWithBeam() throws Exception {
        mvc.perform(beam(signed(), READING).header("Authorization", "Bearer something-else"))
                .andExpect(status().isAccepted());
    }

    @Test
    void theApiKeyChainStillGuardsEverythingElse() throws Exception {
        mvc.perform(post("/v1/anything-else").header("Authorization", "Bearer unknown"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("A valid API key is required: Authorization: Bearer <key>."));
    }

    // --- Beam: 401, one answer for every cause ----------------------------------------------------

    @Test
    void everySignatureProblemGetsTheIdenticalAnswer() throws Exception {
        long now = System.currentTimeMillis();
        List<Map<String, String>> causes = new ArrayList<>();
        causes.add(Map.of()); // no Beam headers at all
        causes.add(without(signed(), "x-soracom-signature"));
        causes.add(without(signed(), "x-soracom-timestamp"));
        causes.add(without(signed(), "x-soracom-signature-version"));
        causes.add(BeamRequests.signed("wrong-psk", IMSI, IMEI));
        causes.add(BeamRequests.signed("test-psk", IMSI, IMEI, now - 6 * 60_000));
        causes.add(BeamRequests.signed("test-psk", IMSI, IMEI, now + 6 * 60_000));
        causes.add(with(signed(), "x-soracom-signature-version", "20150901"));
        causes.add(with(signed(), "x-soracom-imsi", "295000012345679"));
        causes.add(with(signed(), "x-soracom-signature", "not-hex"));
        causes.add(BeamRequests.signedIdentity("test-psk", Map.of(), now));

        List<String> bodies = new ArrayList<>();
        for (Map<String, String> headers : causes) {
            MvcResult result = mvc.perform(beam(headers, READING))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"))
                    .andExpect(jsonPath("$.status").value(401))
                    .andReturn();
            bodies.add(result.getResponse().getContentAsString());
            assertThat(result.getResponse().getHeaderNames()).doesNotContain("Retry-After");
        }
        assertThat(bodies).as("no hint which part failed").containsOnly(bodies.getFirst());
        assertThat(bodies.getFirst()).doesNotContainIgnoringCase("timestamp").doesNotContainIgnoringCase("psk");
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void badSignatureIsRefusedBeforeTheBodyIsRead() throws Exception {
        mvc.perform(beam(BeamRequests.signed("wrong-psk", IMSI, IMEI), "not json at all"))
                .andExpect(status().isUnauthorized());
    }

    // --- Beam: 400, 413, 415 ------------------------------------------------------------------------

    @Test
    void malformedJsonAndNonObjectsAre400() throws Exception {
        for (String body : List.of("{\"t\":", "[1,2,3]", "42", "", "{\"a\":1}{\"b\":2}")) {
            mvc.perform(beam(signed(), body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/malformed-request"));
        }
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(1100) + "\"}";
        mvc.perform(beam(signed(), big))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/payload-too-large"))
                .andExpect(jsonPath("$.maxBytes").value(1024));
        // a Content-Length that understates the body is not trusted: the limit holds while reading
        mvc.perform(beam(signed(), big).header("Content-Length", "20"))
                .andExpect(status().isContentTooLarge());
        // exactly at the limit is fine
        String exact = "{\"pad\":\"" + "x".repeat(1024 - 10) + "\"}";
        assertThat(exact).hasSize(1024);
        mvc.perform(beam(signed(), exact)).andExpect(status().isAccepted());
        assertThat(publisher.published).hasSize(1);
    }

    @Test
    void otherContentTypesAre415() throws Exception {
        for (String type : List.of("text/plain", "application/octet-stream", "application/xml")) {
            var request = post(IngestPaths.TELEMETRY).contentType(type).content(READING);
            signed().forEach(request::header);
            mvc.perform(request)
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unsupported-media-type"));
        }
        var noType = post(IngestPaths.TELEMETRY).content(READING);
        signed().forEach(noType::header);
        mvc.perform(noType).andExpect(status().isUnsupportedMediaType());
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void brokerNotAcknowledgingIs503WithRetryAfter() throws Exception {
        publisher.brokerDown = true;
        double before = count("beam-http", "rejected", "unavailable");
        mvc.perform(beam(signed(), READING))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/ingest-unavailable"));
        assertThat(count("beam-http", "rejected", "unavailable")).isEqualTo(before + 1);
    }

    @Test
    void rejectionsAreCountedByReason() throws Exception {
        double unauthorized = count("beam-http", "rejected", "unauthorized");
        double malformed = count("beam-http", "rejected", "malformed");
        mvc.perform(beam(Map.of(), READING)).andExpect(status().isUnauthorized());
        mvc.perform(beam(signed(), "[]")).andExpect(status().isBadRequest());
        assertThat(count("beam-http", "rejected", "unauthorized")).isEqualTo(unauthorized + 1);
        assertThat(count("beam-http", "rejected", "malformed")).isEqualTo(malformed + 1);
    }

    // --- Funnel ---------------------------------------------------------------------------------------

    private static MockHttpServletRequestBuilder funnel(String token, String body) {
        var request = post(IngestPaths.FUNNEL).contentType(MediaType.APPLICATION_JSON).content(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    static String envelope(String operatorField, String operatorId, String payloads) {
        return "{\"" + operatorField + "\":\"" + operatorId + "\",\"timestamp\":1764237600000,"
                + "\"credentialsId\":\"x\",\"imsi\":\"" + IMSI + "\",\"imei\":\"" + IMEI + "\","
                + "\"sourceProtocol\":\"udp\",\"payloads\":" + payloads + "}";
    }

    @Test
    void funnelEnvelopeIsAccepted() throws Exception {
        assertThat(ApiKeyRegistry.sha256Hex(FUNNEL_TOKEN))
                .as("hash in @WebMvcTest properties").isEqualTo(FUNNEL_HASH);
        mvc.perform(funnel(FUNNEL_TOKEN, envelope("operatorId", "OP0000000001", "{\"temparature\":24,\"humidity\":33}")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.messageId").isString());
        String b64 = Base64.getEncoder().encodeToString("{\"temparature\":25}".getBytes(StandardCharsets.UTF_8));
        mvc.perform(funnel(FUNNEL_TOKEN, envelope("operatorid", "OP0000000001", "\"" + b64 + "\"")))
                .andExpect(status().isAccepted());
        assertThat(publisher.published).hasSize(2);
        TelemetryReceived event = publisher.published.getFirst().event();
        assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.FUNNEL);
        assertThat(event.tenantId()).isEqualTo("OP0000000001");
        assertThat(event.deviceId()).isEqualTo(IMSI);
        assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(1764237600000L));
        assertThat(event.measurements()).containsOnlyKeys("temparature", "humidity");
        assertThat(publisher.published.get(1).event().measurements()).containsEntry("temparature", 25.0);
    }

    @Test
    void funnelWithoutOrWithAnUnknownTokenIs401() throws Exception {
        String body = envelope("operatorId", "OP0000000001", "{\"t\":1}");
        String first = null;
        for (String token : java.util.Arrays.asList(null, "wrong-token", "")) {
            String answer = mvc.perform(funnel(token, body))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", "Bearer"))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"))
                    .andReturn().getResponse().getContentAsString();
            first = first == null ? answer : first;
            assertThat(answer).isEqualTo(first);
        }
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void funnelEnvelopeOfAnotherTenantIs403() throws Exception {
        mvc.perform(funnel(FUNNEL_TOKEN, envelope("operatorId", "OP0000000002", "{\"t\":1}")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/forbidden"));
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void funnelBinaryPayloadIs400UnsupportedAndBadEnvelopes400Malformed() throws Exception {
        String binary = Base64.getEncoder().encodeToString(new byte[]{1, 2, 3, (byte) 0xfe});
        mvc.perform(funnel(FUNNEL_TOKEN, envelope("operatorId", "OP0000000001", "\"" + binary + "\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unsupported-payload"));
        mvc.perform(funnel(FUNNEL_TOKEN, "{\"operatorId\":\"OP0000000001\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/malformed-request"));
        mvc.perform(funnel(FUNNEL_TOKEN, "{"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/malformed-request"));
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void funnelLimitsAndContentType() throws Exception {
        String big = envelope("operatorId", "OP0000000001", "{\"pad\":\"" + "x".repeat(1100) + "\"}");
        mvc.perform(funnel(FUNNEL_TOKEN, big)).andExpect(status().isContentTooLarge());
        mvc.perform(post(IngestPaths.FUNNEL).contentType(MediaType.TEXT_PLAIN)
                        .header("Authorization", "Bearer " + FUNNEL_TOKEN).content("{}"))
                .andExpect(status().isUnsupportedMediaType());
        assertThat(publisher.published).isEmpty();
    }

    static final String FUNNEL_HASH = "ba0bf4d81e781aadff58309bf1544bb05146321e3a04afd7774f34fa134fd3f5";

    private static Map<String, String> without(Map<String, String> headers, String name) {
        var copy = new LinkedHashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }
}
