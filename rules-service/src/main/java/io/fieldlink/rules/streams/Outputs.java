package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.RecordHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the processors write, as JSON bytes to the sink of each topic. Forwarding through the context (rather
 * than a producer of our own) puts every output in the same exactly-once transaction as the store updates and
 * the input offsets.
 */
final class Outputs {

    private final ProcessorContext<String, byte[]> context;

    Outputs(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    void alert(AlertEvent event, long timestamp) {
        context.forward(tenantRecord(event.deviceId(), ContractJson.write(event), event.tenantId(), timestamp),
                RulesTopology.ALERTS_SINK);
    }

    void command(DeviceCommandRequested command, long timestamp) {
        context.forward(tenantRecord(command.deviceId(), ContractJson.write(command), command.tenantId(), timestamp),
                RulesTopology.COMMANDS_SINK);
    }

    /** The original key and value bytes, unchanged, with the reason and where they came from in headers. */
    void deadLetter(Record<String, byte[]> original, String reason) {
        Record<String, byte[]> record = original.withHeaders(
                new org.apache.kafka.common.header.internals.RecordHeaders(original.headers().toArray()));
        Headers headers = record.headers();
        headers.add(new RecordHeader(RecordHeaders.DLQ_REASON, utf8(reason)));
        Optional<RecordMetadata> source = context.recordMetadata();
        source.ifPresent(metadata -> {
            headers.add(new RecordHeader(RulesTopology.DLQ_ORIGINAL_TOPIC, utf8(metadata.topic())));
            headers.add(new RecordHeader(RulesTopology.DLQ_ORIGINAL_PARTITION, utf8(String.valueOf(metadata.partition()))));
            headers.add(new RecordHeader(RulesTopology.DLQ_ORIGINAL_OFFSET, utf8(String.valueOf(metadata.offset()))));
        });
        context.forward(record, RulesTopology.DEAD_LETTERS_SINK);
    }

    private static Record<String, byte[]> tenantRecord(String key, byte[] value, String tenantId, long timestamp) {
        Record<String, byte[]> record = new Record<>(key, value, timestamp);
        record.headers().add(new RecordHeader(RecordHeaders.TENANT_ID, utf8(tenantId)));
        return record;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
