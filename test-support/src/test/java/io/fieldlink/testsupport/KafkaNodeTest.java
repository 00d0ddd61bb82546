package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaNodeTest {

    private Path dataDir = DataDirs.newTempDir("kafka-node-test");
    private final List<KafkaNode> nodes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        nodes.forEach(KafkaNode::close);
        DataDirs.deleteRecursively(dataDir);
    }

    @Test
    void servesKafkaAndKeepsDataOverStopStartAndANewNodeOnTheSameDataDir() throws Exception {
        KafkaNode node = track(new KafkaNode(dataDir, 0)).start();
        assertThat(node.isRunning()).isTrue();
        assertThat(node.bootstrapServers()).isEqualTo("127.0.0.1:" + node.port());
        assertThat(dataDir.resolve("kafka-logs/meta.properties")).exists();

        node.createTopic("telemetry", 3);
        node.createTopic("telemetry", 3); // existing topic: no error
        produce(node, "telemetry", "device-1", "{\"t\":21.5}");
        assertThat(consumeAll(node, "telemetry", 1)).containsExactly("device-1={\"t\":21.5}");

        int port = node.port();
        node.stop();
        assertThat(node.isRunning()).isFalse();
        assertThat(FreePorts.isFree(port)).as("port released after stop").isTrue();

        node.start();
        assertThat(node.port()).isEqualTo(port);
        assertThat(consumeAll(node, "telemetry", 1)).containsExactly("device-1={\"t\":21.5}");
        produce(node, "telemetry", "device-2", "{\"t\":22.0}");
        node.close();

        String clusterId = Files.readString(dataDir.resolve("kafka-logs/meta.properties"));
        KafkaNode again = track(new KafkaNode(dataDir, port)).start();
        assertThat(Files.readString(dataDir.resolve("kafka-logs/meta.properties"))).as("not reformatted")
                .isEqualTo(clusterId);
        assertThat(consumeAll(again, "telemetry", 2))
                .containsExactlyInAnyOrder("device-1={\"t\":21.5}", "device-2={\"t\":22.0}");
    }

    @Test
    void autoCreatesTopicsWithThreePartitions() throws Exception {
        KafkaNode node = track(new KafkaNode(dataDir, 0)).start();
        produce(node, "auto-created", "k", "v");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(node.adminProperties())) {
            var description = admin.describeTopics(List.of("auto-created")).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(description.get("auto-created").partitions()).hasSize(3);
        }
    }

    private KafkaNode track(KafkaNode node) {
        nodes.add(node);
        return node;
    }

    static void produce(KafkaNode node, String topic, String key, String value) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    static List<String> consumeAll(KafkaNode node, String topic, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    received.add(r.key() + "=" + r.value());
                }
                return received.size() >= expected;
            });
        }
        return received;
    }
}
