package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared path with its gate: whatever the entry point, limits apply before anything is published. */
class TelemetryIngestTest {

    static final Instant BEAM_TS = Instant.parse("2026-11-27T10:00:00.123Z");

    /** Publishes into a list; message ids in {@code failing} are not acknowledged. */
    static final class ListPublisher implements TelemetryPublisher {
        final List<TelemetryReceived> published = new ArrayList<>();
        Set<String> failing = Set.of();
        int publishAllCalls;

        @Override
        public void publish(TelemetryReceived event, String correlationId) {
            if (failing.contains(event.messageId())) {
                throw IngestProblems.unavailable(5);
            }
            published.add(event);
        }

        @Override
        public List<Optional<ApiProblemException>> publishAll(List<TelemetryReceived> events, String correlationId) {
            publishAllCalls++;
            return TelemetryPublisher.super.publishAll(events, correlationId);
        }
    }

    private final IngestGateTest.FakeTime time = new IngestGateTest.FakeTime();
    private final ListPublisher publisher = new ListPublisher();
    /** 5 readings burst, 1 per second. */
    private final IngestGate gate = new IngestGate(new IngestProperties.RateLimit(true, 5L, 1L, Duration.ofSeconds(1), 100),
            100, time, time);
    private final TelemetryIngest ingest = new TelemetryIngest(new TelemetryNormalizer("timestamp"), publisher,
            Clock.fixed(BEAM_TS.plusSeconds(1), ZoneOffset.UTC), gate);

    private static JsonNode json(String text) {
        return RequestBodies.parseObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static TelemetryIngest.Reading reading(String device, String body) {
        return new TelemetryIngest.Reading("OP1", device, new DeviceIdentity(device, null, null, null),
                SourceProtocol.MQTT, json(body), BEAM_TS, MessageIds.sha256Hex(body.getBytes()), "corr");
    }

    private static TelemetryIngest.Batch batch(String device, String... items) {
        List<TelemetryIngest.BatchItem> list = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            list.add(new TelemetryIngest.BatchItem(i, json(items[i]), MessageIds.sha256Hex(items[i].getBytes())));
        }
        return new TelemetryIngest.Batch("OP1", device, new DeviceIdentity(device, null, null, null),
                SourceProtocol.BEAM_HTTP, BEAM_TS, "corr", list);
    }

    @Test
    void withoutANetworkTimestampTheIdTakesTheDevicesOwnAndTheEventTimeFallsBackToTheReceivedTime() {
        String stamped = "{\"t\":1,\"timestamp\":1764237600}";
        String bare = "{\"t\":2}";
        Instant received = BEAM_TS.plusSeconds(1);

        TelemetryReceived withTimestamp = ingest.ingest(new TelemetryIngest.Reading("OP1", "dev", DeviceIdentity.NONE,
                SourceProtocol.MQTT, json(stamped), null, MessageIds.sha256Hex(stamped.getBytes()), "corr"));
        TelemetryReceived without = ingest.ingest(new TelemetryIngest.Reading("OP1", "dev", DeviceIdentity.NONE,
                SourceProtocol.MQTT, json(bare), null, MessageIds.sha256Hex(bare.getBytes()), "corr"));

        assertThat(withTimestamp.messageId()).isEqualTo(MessageIds.of("dev", 1764237600000L, MessageIds.sha256Hex(stamped.getBytes())));
        assertThat(withTimestamp.eventTime()).isEqualTo(Instant.ofEpochSecond(1764237600L));
        assertThat(without.messageId()).isEqualTo(MessageIds.of("dev", 0, MessageIds.sha256Hex(bare.getBytes())));
        assertThat(without.eventTime()).isEqualTo(received);
        assertThat(without.receivedTime()).isEqualTo(received);
    }

    @Test
    void anyEntryPointIsRateLimitedPerDeviceAndARefusedReadingIsNotPublished() {
        for (int i = 0; i < 5; i++) {
            ingest.ingest(reading("dev", "{\"t\":" + i + "}"));
        }
        assertThatThrownBy(() -> ingest.ingest(reading("dev", "{\"t\":99}")))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(429));
        assertThat(publisher.published).hasSize(5).noneMatch(e -> e.measurements().get("t") == 99.0);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aReadingKafkaDidNotStoreCostsNoToken() {
        var failing = reading("dev", "{\"t\":1}");
        publisher.failing = Set.of(MessageIds.of("dev", BEAM_TS.toEpochMilli(), failing.payloadSha256()));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> ingest.ingest(failing))
                    .isInstanceOfSatisfying(ApiProblemException.class, p -> assertThat(p.status().value()).isEqualTo(503));
        }
        publisher.failing = Set.of();
        for (int i = 0; i < 5; i++) {
            ingest.ingest(reading("dev", "{\"t\":" + i + "}"));
        }
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void batchItemsGetDeterministicIdsFromDeviceTimestampIndexAndItemHash() {
        var first = ingest.ingestBatch(batch("gw", "{\"t\":1}", "{\"t\":1}", "{\"t\":2}"));
        time.advance(Duration.ofSeconds(10));
        var retried = ingest.ingestBatch(batch("gw", "{\"t\":1}", "{\"t\":1}", "{\"t\":2}"));

        assertThat(first).extracting(TelemetryIngest.ItemOutcome::index).containsExactly(0, 1, 2);
        assertThat(first).allMatch(TelemetryIngest.ItemOutcome::published);
        List<String> ids = first.stream().map(o -> o.event().messageId()).toList();
        assertThat(ids).doesNotHaveDuplicates(); // the same reading twice in a batch is two readings
        assertThat(ids.getFirst()).isEqualTo(MessageIds.ofBatchItem("gw", BEAM_TS.toEpochMilli(), 0,
                MessageIds.sha256Hex("{\"t\":1}".getBytes())));
        assertThat(retried).extracting(o -> o.event().messageId()).containsExactlyElementsOf(ids);
        assertThat(first.getFirst().event().eventTime()).isEqualTo(BEAM_TS);
        assertThat(first.getFirst().event().sourceProtocol()).isEqualTo(SourceProtocol.BEAM_HTTP);
        assertThat(publisher.publishAllCalls).isEqualTo(2);
    }

    @Test
    void aBatchOverTheRateIsRefusedWholeAndPublishesNothing() {
        ingest.ingestBatch(batch("gw", "{\"t\":1}", "{\"t\":2}", "{\"t\":3}"));
        assertThatThrownBy(() -> ingest.ingestBatch(batch("gw", "{\"t\":4}", "{\"t\":5}", "{\"t\":6}")))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> {
                    assertThat(p.status().value()).isEqualTo(429);
                    assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1");
                });
        assertThat(publisher.published).hasSize(3);
        assertThat(ingest.ingestBatch(batch("gw", "{\"t\":4}", "{\"t\":5}"))).hasSize(2);
    }

    @Test
    void itemsKafkaDidNotStoreAreReportedAndTheirTokensGivenBack() {
        String failingId = MessageIds.ofBatchItem("gw", BEAM_TS.toEpochMilli(), 1, MessageIds.sha256Hex("{\"t\":2}".getBytes()));
        publisher.failing = Set.of(failingId);
        var outcomes = ingest.ingestBatch(batch("gw", "{\"t\":1}", "{\"t\":2}", "{\"t\":3}"));
        assertThat(outcomes).extracting(TelemetryIngest.ItemOutcome::published).containsExactly(true, false, true);
        assertThat(outcomes.get(1).problem()).hasValueSatisfying(p -> assertThat(p.status().value()).isEqualTo(503));
        assertThat(publisher.published).hasSize(2);
        publisher.failing = Set.of();
        ingest.ingestBatch(batch("gw2", "{}")); // another device: own bucket
        assertThat(ingest.ingestBatch(batch("gw", "{\"a\":1}", "{\"a\":2}", "{\"a\":3}"))).hasSize(3); // 2 left + 1 refunded
    }

    @Test
    void aBatchWithoutReadingsDoesNotTouchTheGate() {
        assertThat(ingest.ingestBatch(batch("gw"))).isEmpty();
        assertThat(publisher.publishAllCalls).isZero();
    }
}
