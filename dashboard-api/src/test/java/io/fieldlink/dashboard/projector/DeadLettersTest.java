package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.TelemetryDeserializer;
import io.fieldlink.contracts.TelemetryReceived;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

class DeadLettersTest {

    private static ConsumerRecord<Object, Object> record(Object value, RecordHeaders headers) {
        return new ConsumerRecord<>("iot.telemetry.v1", 0, 42L, 0L, TimestampType.CREATE_TIME, 0, 0, "dev-1", value,
                headers, Optional.empty());
    }

    @Test
    void reasonOfAnUndeserialisableValueIsTheParserError() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        Exception parseError = catchDeserialization(garbage);
        RecordHeaders headers = new RecordHeaders();
        SerializationUtils.deserializationException(headers, garbage,
                new DeserializationException("failed to deserialize", garbage, false, parseError), false);

        String reason = DeadLetters.reason(record(null, headers), new RuntimeException("wrapped"));

        assertThat(reason).startsWith("undeserialisable value: ").doesNotContain("\n");
    }

    @Test
    void reasonOfAPoisonRecordIsItsMessageWhereverItIsInTheChain() {
        var poison = new PoisonRecordException("tenantId must not contain ':'");
        var thrown = new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException("poison at 0", poison, 0));

        assertThat(DeadLetters.reason(record(new Object(), new RecordHeaders()), thrown))
                .isEqualTo("tenantId must not contain ':'");
    }

    @Test
    void reasonOfATombstone() {
        assertThat(DeadLetters.reason(record(null, new RecordHeaders()), new RuntimeException("x")))
                .isEqualTo("the value is empty");
    }

    @Test
    void deadLettersKeepRawBytesAndWriteContractJsonOtherwise() {
        var serializer = new DeadLetters.PassThroughSerializer();
        byte[] raw = {1, 2, 3};
        TelemetryReceived reading = TelemetryDocumentsTest.reading("OP1", "d", "m", Instant.parse("2026-11-27T10:00:00Z"),
                Map.of("t", 1.0), Map.of());

        assertThat(serializer.serialize("t", raw)).isSameAs(raw);
        assertThat(serializer.serialize("t", "dev-1")).isEqualTo("dev-1".getBytes(StandardCharsets.UTF_8));
        assertThat(serializer.serialize("t", null)).isNull();
        assertThat(ContractJson.read(serializer.serialize("t", reading), TelemetryReceived.class)).isEqualTo(reading);
    }

    private static Exception catchDeserialization(byte[] data) {
        Exception error = catchException(() -> new TelemetryDeserializer().deserialize("t", data));
        assertThat(error).isNotNull();
        return error;
    }
}
