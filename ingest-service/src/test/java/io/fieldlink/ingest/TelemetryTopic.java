package io.fieldlink.ingest;

import io.fieldlink.contracts.TelemetryDeserializer;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads {@code iot.telemetry.v1} from the beginning (the topic is small in tests), so that a record
 * published late would be found as well as one published at once.
 */
final class TelemetryTopic implements AutoCloseable {

    private final KafkaConsumer<String, TelemetryReceived> consumer;
    private final List<ConsumerRecord<String, TelemetryReceived>> seen = new ArrayList<>();

    TelemetryTopic(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new TelemetryDeserializer());
        await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.partitionsFor(Topics.TELEMETRY.name()).isEmpty());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.TELEMETRY.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls (bounded) until a record matching {@code until} arrived; returns every record read so far. */
    List<ConsumerRecord<String, TelemetryReceived>> readUntil(Predicate<TelemetryReceived> until) {
        return readUntilCount(until, 1);
    }

    /** Polls (bounded) until {@code count} records matching {@code match} arrived; returns every record read. */
    List<ConsumerRecord<String, TelemetryReceived>> readUntilCount(Predicate<TelemetryReceived> match, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(r -> match.test(r.value())).count() >= count;
        });
        return List.copyOf(seen);
    }

    ConsumerRecord<String, TelemetryReceived> readMessage(String messageId) {
        return readUntil(e -> e.messageId().equals(messageId)).stream()
                .filter(r -> r.value().messageId().equals(messageId)).findFirst().orElseThrow();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
