package io.fieldlink.ingest.mqtt;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from the beginning (topics are small in tests), so that a record written late is
 * found as well as one written at once; keeps every record read.
 */
public final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic, Deserializer<V> values) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), values);
        await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.partitionsFor(topic).isEmpty());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls (at most {@code timeout}) until {@code count} records match; returns every record read so far. */
    public List<ConsumerRecord<String, V>> readUntil(Predicate<ConsumerRecord<String, V>> match, int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(match).count() >= count;
        });
        return List.copyOf(seen);
    }

    /** One poll; whether any record read so far matches. */
    boolean pollFor(Predicate<ConsumerRecord<String, V>> match) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().anyMatch(match);
    }

    /** One poll; the records read so far that match. */
    List<ConsumerRecord<String, V>> poll(Predicate<ConsumerRecord<String, V>> match) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(match).toList();
    }

    public List<ConsumerRecord<String, V>> readUntil(Predicate<ConsumerRecord<String, V>> match) {
        return readUntil(match, 1, Duration.ofSeconds(30));
    }

    public ConsumerRecord<String, V> first(Predicate<ConsumerRecord<String, V>> match) {
        return readUntil(match).stream().filter(match).findFirst().orElseThrow();
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
