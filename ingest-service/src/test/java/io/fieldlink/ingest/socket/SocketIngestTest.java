package io.fieldlink.ingest.socket;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.ingest.binary.BinaryFormat;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.IngestProblems;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.ingest.telemetry.TelemetryNormalizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Outcomes, dead letters and counts of {@link SocketIngest}, with Kafka replaced by doubles. */
class SocketIngestTest {

    private static final Instant NOW = Instant.parse("2026-01-10T08:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TelemetryReceived> published = new ArrayList<>();
    private volatile boolean kafkaDown;
    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, byte[]> dlqTemplate = mock(KafkaTemplate.class);

    private final SocketIngest ingest = new SocketIngest(
            new TelemetryIngest(new TelemetryNormalizer("timestamp"), (event, correlationId) -> {
                if (kafkaDown) {
                    throw IngestProblems.unavailable(5);
                }
                published.add(event);
            }, Clock.fixed(NOW, ZoneOffset.UTC)),
            new IngestDeadLetters(dlqTemplate, Duration.ofSeconds(1)),
            new IngestMetrics(registry),
            new BinaryFormats(Map.of("g", BinaryFormat.parse("g", "t:0:int16:/100")), null, Map.of(), Map.of()),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static SocketIngest.Sender sender(String deviceId) {
        return new SocketIngest.Sender("OP0000000001", deviceId, DeviceIdentity.NONE, "udp:10.0.0.7:5000", "g");
    }

    private double count(String outcome, String reason) {
        var counter = registry.find(IngestMetrics.REQUESTS).tags("protocol", "udp", "outcome", outcome, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void jsonAndBinaryArePublishedAndCounted() {
        var json = ingest.ingest(SourceProtocol.UDP, sender("295"), "{\"t\":1.5}".getBytes(StandardCharsets.UTF_8));
        var binary = ingest.ingest(SourceProtocol.UDP, sender("295"), new byte[]{0x08, 0x66});

        assertThat(json).isInstanceOf(SocketIngest.Accepted.class);
        assertThat(json.replyLine()).isEqualTo("202 " + published.getFirst().messageId());
        assertThat(binary).isInstanceOf(SocketIngest.Accepted.class);
        assertThat(published).extracting(e -> e.measurements().get("t")).containsExactly(1.5, 21.5);
        assertThat(published.get(1).eventTime()).isEqualTo(NOW); // receive time without device timestamp
        assertThat(count("accepted", "none")).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void undecodableAndUnknownGoToTheDeadLetterTopic() {
        when(dlqTemplate.send(any(ProducerRecord.class))).thenReturn(CompletableFuture.completedFuture(null));

        var undecodable = ingest.ingest(SourceProtocol.UDP, sender("295"), new byte[]{0x01});
        var unknown = ingest.ingest(SourceProtocol.UDP, sender(null), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(undecodable.replyLine()).isEqualTo("400 undecodable");
        assertThat(unknown.replyLine()).isEqualTo("403 unknown-device");
        ArgumentCaptor<ProducerRecord<String, byte[]>> records = ArgumentCaptor.forClass(ProducerRecord.class);
        verify(dlqTemplate, org.mockito.Mockito.times(2)).send(records.capture());
        ProducerRecord<String, byte[]> first = records.getAllValues().getFirst();
        assertThat(first.topic()).isEqualTo(Topics.INGEST_DLQ.name());
        assertThat(first.key()).isEqualTo("295");
        assertThat(first.value()).containsExactly(0x01);
        assertThat(new String(first.headers().lastHeader(RecordHeaders.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .startsWith("undecodable: packet has 1 bytes");
        assertThat(new String(first.headers().lastHeader(RecordHeaders.SOURCE_PROTOCOL).value(), StandardCharsets.UTF_8))
                .isEqualTo("udp");
        assertThat(records.getAllValues().get(1).key()).isEqualTo("udp:10.0.0.7:5000");
        assertThat(count("dead-lettered", "undecodable")).isEqualTo(1);
        assertThat(count("dead-lettered", "unknown-device")).isEqualTo(1);
        assertThat(published).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaDownIsCountedAndNeverDeadLettered() {
        kafkaDown = true;
        var outcome = ingest.ingest(SourceProtocol.UDP, sender("295"), "{\"t\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(outcome).isInstanceOf(SocketIngest.Unavailable.class);
        assertThat(outcome.replyLine()).isEqualTo("503 kafka-unavailable");
        assertThat(count("failed", "kafka-unavailable")).isEqualTo(1);
        verify(dlqTemplate, never()).send(any(ProducerRecord.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadLetterKafkaDoesNotTakeIsCountedAsFailed() {
        when(dlqTemplate.send(any(ProducerRecord.class)))
                .thenReturn(CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("down")));

        var outcome = ingest.ingest(SourceProtocol.UDP, sender("295"), new byte[]{0x01});

        assertThat(outcome).isInstanceOf(SocketIngest.Unavailable.class);
        assertThat(count("failed", "kafka-unavailable")).isEqualTo(1);
        assertThat(count("dead-lettered", "undecodable")).isZero();
    }
}
