package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.support.problem.ApiProblemException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class KafkaTelemetryPublisherTest {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, TelemetryReceived> template = mock(KafkaTemplate.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(registry);
    private final KafkaTelemetryPublisher publisher = new KafkaTelemetryPublisher(template, Duration.ofSeconds(1), metrics);

    private final TelemetryReceived event = new TelemetryReceived("OP0000000001", "295000012345678", "m-1",
            Instant.EPOCH, Instant.EPOCH, SourceProtocol.BEAM_HTTP, null, Map.of("t", 1.0), null);

    @Test
    @SuppressWarnings("unchecked")
    void sendsKeyedByDeviceWithTenantAndCorrelationHeadersAndWaitsForTheAck() {
        when(template.send(any(ProducerRecord.class))).thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
        publisher.publish(event, "corr-1");
        ArgumentCaptor<ProducerRecord<String, TelemetryReceived>> sent = ArgumentCaptor.forClass(ProducerRecord.class);
        verify(template).send(sent.capture());
        ProducerRecord<String, TelemetryReceived> record = sent.getValue();
        assertThat(record.topic()).isEqualTo(Topics.TELEMETRY.name());
        assertThat(record.key()).isEqualTo("295000012345678");
        assertThat(record.value()).isSameAs(event);
        assertThat(new String(record.headers().lastHeader(RecordHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("corr-1");
        assertThat(new String(record.headers().lastHeader(RecordHeaders.TENANT_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("OP0000000001");
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendThatFailsAtOnceIs503() {
        // e.g. no metadata for the topic within max.block.ms
        when(template.send(any(ProducerRecord.class))).thenThrow(new KafkaException("Send failed", new TimeoutException("metadata")));
        assertUnavailable();
    }

    @Test
    @SuppressWarnings("unchecked")
    void producerGivingUpIs503() {
        when(template.send(any(ProducerRecord.class)))
                .thenReturn(CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s)")));
        assertUnavailable();
    }

    @Test
    @SuppressWarnings("unchecked")
    void noVerdictWithinThePublishTimeoutIs503() {
        when(template.send(any(ProducerRecord.class))).thenReturn(new CompletableFuture<>());
        long started = System.nanoTime();
        assertUnavailable();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchIsSentWholeBeforeAnyAckIsAwaitedAndFailuresAreReportedPerRecord() {
        List<CompletableFuture<SendResult<String, TelemetryReceived>>> futures = new CopyOnWriteArrayList<>();
        when(template.send(any(ProducerRecord.class))).thenAnswer(call -> {
            CompletableFuture<SendResult<String, TelemetryReceived>> future = new CompletableFuture<>();
            futures.add(future);
            return future;
        });
        List<TelemetryReceived> events = List.of(event("m-1"), event("m-2"), event("m-3"));
        // the acks arrive only once all three records were sent: a send-then-wait loop would time out
        var results = CompletableFuture.supplyAsync(() -> publisher.publishAll(events, "corr-b"));
        await().atMost(Duration.ofSeconds(5)).until(() -> futures.size() == 3);
        futures.get(0).complete(mock(SendResult.class));
        futures.get(1).completeExceptionally(new TimeoutException("Expiring 1 record(s)"));
        futures.get(2).complete(mock(SendResult.class));

        List<Optional<ApiProblemException>> outcome = results.join();
        assertThat(outcome).hasSize(3);
        assertThat(outcome.get(0)).isEmpty();
        assertThat(outcome.get(1)).hasValueSatisfying(p -> {
            assertThat(p.status().value()).isEqualTo(503);
            assertThat(p.type()).isEqualTo(IngestProblems.INGEST_UNAVAILABLE);
        });
        assertThat(outcome.get(2)).isEmpty();
        assertThat(registry.get(IngestMetrics.PUBLISH_LATENCY).tag("outcome", "acked").timer().count()).isEqualTo(2);
        assertThat(registry.get(IngestMetrics.PUBLISH_LATENCY).tag("outcome", "failed").timer().count()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void onceASendFailsAtOnceTheRestOfTheBatchIsNotSentButReportedUnavailable() {
        when(template.send(any(ProducerRecord.class)))
                .thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)))
                .thenThrow(new KafkaException("Send failed", new TimeoutException("metadata")));
        var outcome = publisher.publishAll(List.of(event("m-1"), event("m-2"), event("m-3"), event("m-4")), "corr-b");
        assertThat(outcome).extracting(Optional::isPresent).containsExactly(false, true, true, true);
        verify(template, times(2)).send(any(ProducerRecord.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void noVerdictWithinThePublishTimeoutFailsTheWholeBatchInOneTimeout() {
        when(template.send(any(ProducerRecord.class))).thenAnswer(call -> new CompletableFuture<>());
        long started = System.nanoTime();
        var outcome = publisher.publishAll(List.of(event("m-1"), event("m-2"), event("m-3")), "corr-b");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        assertThat(outcome).allSatisfy(o -> assertThat(o).isPresent());
    }

    private TelemetryReceived event(String messageId) {
        return new TelemetryReceived("OP0000000001", "295000012345678", messageId,
                Instant.EPOCH, Instant.EPOCH, SourceProtocol.BEAM_HTTP, null, Map.of("t", 1.0), null);
    }

    private void assertUnavailable() {
        assertThatThrownBy(() -> publisher.publish(event, "corr-1"))
                .isInstanceOfSatisfying(ApiProblemException.class, p -> {
                    assertThat(p.status().value()).isEqualTo(503);
                    assertThat(p.type()).isEqualTo(IngestProblems.INGEST_UNAVAILABLE);
                    assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1");
                });
    }
}
