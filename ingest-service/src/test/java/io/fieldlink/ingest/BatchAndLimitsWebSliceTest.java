package io.fieldlink.ingest;

import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.telemetry.IngestGate;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.MessageIds;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /v1/telemetry/batch} and the limits of the shared path (rate limit, in-flight limit)
 * through HTTP: real controllers, verifier, gate, problem handling and security chain; only the
 * Kafka publisher is a double. Small limits: 5 items per batch, 10 readings per device per hour,
 * 5 records in flight.
 */
@WebMvcTest(properties = {
        "fieldlink.ingest.max-body-size=1KB",
        "fieldlink.ingest.batch.max-items=5",
        "fieldlink.ingest.batch.max-body-size=2KB",
        "fieldlink.ingest.rate-limit.capacity=10",
        "fieldlink.ingest.rate-limit.refill-tokens=10",
        "fieldlink.ingest.rate-limit.refill-period=1h",
        "fieldlink.ingest.max-in-flight=5",
        "fieldlink.ingest.beam.credentials[0].id=test",
        "fieldlink.ingest.beam.credentials[0].tenant=OP0000000001",
        "fieldlink.ingest.beam.credentials[0].psk=test-psk",
        "fieldlink.security.permit-paths=/v1/telemetry,/v1/telemetry/batch,/v1/funnel",
})
@IngestWebSlice
class BatchAndLimitsWebSliceTest {

    static final String PSK = "test-psk";
    static final String BATCH = "/v1/telemetry/batch";
    static final String PROBLEMS = "https://fieldlink.io/problems/";
    /** Every test its own devices: buckets live as long as the context. */
    static final AtomicInteger DEVICES = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    RecordingPublisher publisher;
    @Autowired
    MeterRegistry meters;
    @Autowired
    IngestGate gate;

    String imsi;
    Map<String, String> signed;

    @BeforeEach
    void newDevice() {
        publisher.reset();
        imsi = "29500000000%04d".formatted(DEVICES.incrementAndGet());
        signed = BeamRequests.signed(PSK, imsi, null);
    }

    @AfterEach
    void release() {
        CountDownLatch hold = publisher.hold;
        if (hold != null) {
            hold.countDown();
        }
    }

    private MockHttpServletRequestBuilder batch(String contentType, String body) {
        var request = post(BATCH).contentType(contentType).content(body);
        signed.forEach(request::header);
        return request;
    }

    private MockHttpServletRequestBuilder single(String body) {
        var request = post(IngestPaths.TELEMETRY).contentType(MediaType.APPLICATION_JSON).content(body);
        signed.forEach(request::header);
        return request;
    }

    private long beamTimestamp() {
        return Long.parseLong(signed.get("x-soracom-timestamp"));
    }

    private String itemId(int index, String item) {
        return MessageIds.ofBatchItem(imsi, beamTimestamp(), index, MessageIds.sha256Hex(item.getBytes(StandardCharsets.UTF_8)));
    }

    private double count(String name, String outcome, String reason) {
        var counter = meters.find(name).tags("protocol", "beam-http", "outcome", outcome, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    // --- batches -----------------------------------------------------------------------------------

    @Test
    void aJsonArrayIsAcceptedWhole202WithOneDeterministicIdPerItem() throws Exception {
        String a = "{\"t\":1,\"timestamp\":1764237600}";
        String b = "{\"t\":2,\"soil\":{\"moisture\":0.31}}";
        double accepted = count(IngestMetrics.REQUESTS, "accepted", "none");
        double items = count(IngestMetrics.ITEMS, "accepted", "none");

        mvc.perform(batch("application/json", "[" + a + "," + b + "]").header("X-Correlation-Id", "corr-b"))
                .andExpect(status().isAccepted())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string("X-Correlation-Id", "corr-b"))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.rejected").value(0))
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].index").value(0))
                .andExpect(jsonPath("$.items[0].status").value(202))
                .andExpect(jsonPath("$.items[0].messageId").value(itemId(0, a)))
                .andExpect(jsonPath("$.items[0].problem").doesNotExist())
                .andExpect(jsonPath("$.items[1].messageId").value(itemId(1, b)));

        assertThat(publisher.published).hasSize(2);
        assertThat(publisher.published).extracting(RecordingPublisher.Published::correlationId).containsOnly("corr-b");
        TelemetryReceived first = publisher.published.getFirst().event();
        assertThat(first.deviceId()).isEqualTo(imsi);
        assertThat(first.tenantId()).isEqualTo("OP0000000001");
        assertThat(first.sourceProtocol()).isEqualTo(SourceProtocol.BEAM_HTTP);
        assertThat(first.eventTime()).isEqualTo(Instant.ofEpochSecond(1764237600));
        assertThat(publisher.published.get(1).event().eventTime()).isEqualTo(Instant.ofEpochMilli(beamTimestamp()));
        assertThat(publisher.published.get(1).event().measurements()).containsKeys("t", "soil.moisture");
        assertThat(count(IngestMetrics.REQUESTS, "accepted", "none")).isEqualTo(accepted + 1);
        assertThat(count(IngestMetrics.ITEMS, "accepted", "none")).isEqualTo(items + 2);
    }

    @Test
    void theSameSignedBatchAgainMapsToTheSameIds() throws Exception {
        String body = "[{\"t\":1},{\"t\":1}]";
        String first = mvc.perform(batch("application/json", body)).andReturn().getResponse().getContentAsString();
        String second = mvc.perform(batch("application/json", body)).andReturn().getResponse().getContentAsString();
        assertThat(second).isEqualTo(first);
        assertThat(publisher.published).extracting(p -> p.event().messageId())
                .containsExactly(itemId(0, "{\"t\":1}"), itemId(1, "{\"t\":1}"), itemId(0, "{\"t\":1}"), itemId(1, "{\"t\":1}"));
        assertThat(itemId(0, "{\"t\":1}")).as("identical items of one batch are two readings")
                .isNotEqualTo(itemId(1, "{\"t\":1}"));
    }

    @Test
    void harvestClientsGet201() throws Exception {
        mvc.perform(batch("application/json", "[{\"t\":1}]").header("X-Fieldlink-Compat", "harvest"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.accepted").value(1));
        mvc.perform(single("{\"t\":1}").header("X-Fieldlink-Compat", "Harvest"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.messageId").isString());
        mvc.perform(single("{\"t\":2}").header("X-Fieldlink-Compat", "something-else"))
                .andExpect(status().isAccepted());
    }

    @Test
    void ndjsonWithSomeBadLinesIs207AndPublishesExactlyTheGoodOnes() throws Exception {
        String good0 = "{\"t\":0}";
        String good3 = "{\"t\":3}";
        String body = good0 + "\n{\"t\":\n[1,2]\n" + good3 + "\n";
        double partial = count(IngestMetrics.REQUESTS, "partial", "none");
        double rejectedItems = count(IngestMetrics.ITEMS, "rejected", "malformed");

        mvc.perform(batch("application/x-ndjson", body))
                .andExpect(status().isMultiStatus())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.rejected").value(2))
                .andExpect(jsonPath("$.items[0].status").value(202))
                .andExpect(jsonPath("$.items[0].messageId").value(itemId(0, good0)))
                .andExpect(jsonPath("$.items[1].index").value(1))
                .andExpect(jsonPath("$.items[1].status").value(400))
                .andExpect(jsonPath("$.items[1].messageId").doesNotExist())
                .andExpect(jsonPath("$.items[1].problem.type").value(PROBLEMS + "malformed-request"))
                .andExpect(jsonPath("$.items[1].problem.title").value("Bad request"))
                .andExpect(jsonPath("$.items[1].problem.status").value(400))
                .andExpect(jsonPath("$.items[1].problem.detail").value("Item 1 is not valid JSON."))
                .andExpect(jsonPath("$.items[2].problem.detail").value("Item 2 is not a JSON object."))
                .andExpect(jsonPath("$.items[3].messageId").value(itemId(3, good3)));

        assertThat(publisher.published).extracting(p -> p.event().messageId())
                .containsExactly(itemId(0, good0), itemId(3, good3));
        assertThat(count(IngestMetrics.REQUESTS, "partial", "none")).isEqualTo(partial + 1);
        assertThat(count(IngestMetrics.ITEMS, "rejected", "malformed")).isEqualTo(rejectedItems + 2);
    }

    @Test
    void aBatchWithoutAnyReadingObjectIs400WithTheItemResults() throws Exception {
        mvc.perform(batch("application/json", "[1, \"two\", [3]]"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-request"))
                .andExpect(jsonPath("$.accepted").value(0))
                .andExpect(jsonPath("$.rejected").value(3))
                .andExpect(jsonPath("$.items", hasSize(3)))
                .andExpect(jsonPath("$.items[2].problem.detail").value("Item 2 is not a JSON object."));
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void moreItemsThanAllowedIs413TooManyItemsAndNothingIsPublished() throws Exception {
        double tooMany = count(IngestMetrics.REQUESTS, "rejected", "too-many-items");
        mvc.perform(batch("application/json", "[{},{},{},{},{},{\"t\":6}]"))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "too-many-items"))
                .andExpect(jsonPath("$.status").value(413))
                .andExpect(jsonPath("$.maxItems").value(5));
        mvc.perform(batch("application/x-ndjson", "{}\n{}\n{}\n{}\n{}\n{}\n")).andExpect(status().isContentTooLarge());
        assertThat(publisher.published).isEmpty();
        assertThat(count(IngestMetrics.REQUESTS, "rejected", "too-many-items")).isEqualTo(tooMany + 2);
    }

    @Test
    void batchesAreCheckedLikeSingleReadingsBeforeTheirBodyIsRead() throws Exception {
        // content type first
        mvc.perform(batch("text/plain", "[{}]"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"));
        // signature before the body: an unsigned client never gets its body parsed
        mvc.perform(post(BATCH).contentType(MediaType.APPLICATION_JSON).content("not json")
                        .header("x-soracom-imsi", imsi))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "unauthorized"));
        // batch.max-body-size (2KB), not max-body-size (1KB)
        String item = "{\"pad\":\"" + "x".repeat(300) + "\"}";
        mvc.perform(batch("application/json", "[" + String.join(",", item, item, item, item) + "]"))
                .andExpect(status().isAccepted());
        mvc.perform(batch("application/json", "[{\"pad\":\"" + "x".repeat(2100) + "\"}]"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "payload-too-large"))
                .andExpect(jsonPath("$.maxBytes").value(2048));
        mvc.perform(batch("application/json", "{\"t\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-request"));
        assertThat(publisher.published).hasSize(4);
    }

    @Test
    void itemsKafkaDidNotAcknowledgeAre503ItemsOfA207WithRetryAfter() throws Exception {
        publisher.notAcknowledged = event -> event.measurements().get("t") == 2.0;
        mvc.perform(batch("application/json", "[{\"t\":1},{\"t\":2},{\"t\":3}]"))
                .andExpect(status().isMultiStatus())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.items[1].status").value(503))
                .andExpect(jsonPath("$.items[1].problem.type").value(PROBLEMS + "ingest-unavailable"))
                .andExpect(jsonPath("$.items[2].status").value(202));
        assertThat(publisher.published).extracting(p -> p.event().measurements().get("t")).containsExactly(1.0, 3.0);
    }

    @Test
    void aBatchKafkaStoredNothingOfIs503WithRetryAfter() throws Exception {
        publisher.brokerDown = true;
        mvc.perform(batch("application/json", "[{\"t\":1},42]"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "ingest-unavailable"))
                .andExpect(jsonPath("$.items[0].status").value(503))
                .andExpect(jsonPath("$.items[1].status").value(400));
    }

    // --- limits ------------------------------------------------------------------------------------

    @Test
    void aDeviceOverItsRateGets429WithRetryAfterAndNothingOfTheRefusedRequestIsPublished() throws Exception {
        double limited = count(IngestMetrics.REQUESTS, "rejected", "rate-limited");
        mvc.perform(batch("application/json", "[{},{},{},{},{}]")).andExpect(status().isAccepted());
        mvc.perform(batch("application/json", "[{},{},{},{}]")).andExpect(status().isAccepted());
        // 1 token left: a batch of 2 is refused whole, a single reading still fits
        MvcResult refused = mvc.perform(batch("application/json", "[{\"refused\":1},{\"refused\":2}]"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "rate-limited"))
                .andExpect(jsonPath("$.title").value("Too many requests"))
                .andExpect(jsonPath("$.status").value(429))
                .andReturn();
        // 10 per hour: the one missing token comes in 6 minutes
        long retryAfter = Long.parseLong(refused.getResponse().getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(350L, 360L);
        mvc.perform(single("{\"t\":1}")).andExpect(status().isAccepted());
        mvc.perform(single("{\"refused\":3}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));

        assertThat(publisher.published).hasSize(10).noneMatch(p -> p.event().measurements().containsKey("refused"));
        assertThat(count(IngestMetrics.REQUESTS, "rejected", "rate-limited")).isEqualTo(limited + 2);
        // another device is not affected
        signed = BeamRequests.signed(PSK, imsi + "9", null);
        mvc.perform(single("{\"t\":1}")).andExpect(status().isAccepted());
    }

    @Test
    void recordsAwaitingKafkaAreLimitedAcrossDevicesWith503Overloaded() throws Exception {
        publisher.hold = new CountDownLatch(1);
        var slowBatch = CompletableFuture.supplyAsync(() -> {
            try {
                return mvc.perform(batch("application/json", "[{},{},{},{},{}]")).andReturn().getResponse().getStatus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 5);
        assertThat(meters.get(IngestMetrics.IN_FLIGHT).gauge().value()).isEqualTo(5);

        double overloaded = count(IngestMetrics.REQUESTS, "rejected", "overloaded");
        signed = BeamRequests.signed(PSK, imsi + "9", null); // another device, tokens to spare
        mvc.perform(single("{\"t\":1}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "overloaded"));
        assertThat(count(IngestMetrics.REQUESTS, "rejected", "overloaded")).isEqualTo(overloaded + 1);

        publisher.hold.countDown();
        assertThat(slowBatch.get()).isEqualTo(202);
        assertThat(gate.inFlight()).isZero();
        mvc.perform(single("{\"t\":1}")).andExpect(status().isAccepted());
        assertThat(publisher.published).hasSize(6);
    }
}
