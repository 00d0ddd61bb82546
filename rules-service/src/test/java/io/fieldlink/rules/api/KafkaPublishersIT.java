package io.fieldlink.rules.api;

import io.fieldlink.contracts.AlertAcknowledgeRequested;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.Severity;
import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleJson;
import io.fieldlink.rules.definition.RuleSpec;
import io.fieldlink.rules.definition.ThresholdCondition;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.KafkaExtension;
import io.fieldlink.testsupport.WithKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Kafka publishers against a real broker: key, value, headers and tombstones as a consumer reads them back. */
@WithKafka
class KafkaPublishersIT {

    private AcknowledgedSender sender;

    @BeforeEach
    void sender() {
        var kafka = KafkaExtension.node();
        kafka.createTopic(Topics.RULES.name(), 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(Topics.ALERT_ACKS.name(), 1);
        sender = new AcknowledgedSender(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        sender.close();
    }

    @Test
    void aRuleIsStoredUnderTenantSlashRuleIdAndDeletedByATombstone() {
        String ruleId = "it-" + UUID.randomUUID();
        Rule rule = new Rule("OP-IT", ruleId, 2, Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-27T11:00:00Z"), new RuleSpec("hot", null, true, Severity.MAJOR, null,
                new ThresholdCondition("temperature", ">", 35.0, null, Duration.ofMinutes(1)), null, null, null));
        var publisher = new KafkaRulePublisher(sender);

        publisher.put(rule);
        publisher.delete("OP-IT", ruleId);

        List<ConsumerRecord<String, byte[]>> records = readUntil(Topics.RULES.name(), "OP-IT/" + ruleId, 2);
        assertThat(RuleJson.read(records.get(0).value())).isEqualTo(rule);
        assertThat(header(records.get(0), RecordHeaders.TENANT_ID)).isEqualTo("OP-IT");
        assertThat(records.get(1).value()).isNull();
        assertThat(header(records.get(1), RecordHeaders.TENANT_ID)).isEqualTo("OP-IT");
    }

    @Test
    void anAcknowledgementRequestIsKeyedByDevice() {
        String deviceId = "dev-" + UUID.randomUUID();
        var request = new AlertAcknowledgeRequested(UUID.randomUUID().toString(), "OP-IT", deviceId, "alert-1",
                "key-1", Instant.parse("2026-11-27T12:00:00Z"), "vents opened");

        new KafkaAlertAckPublisher(sender).publish(request);

        ConsumerRecord<String, byte[]> record = readUntil(Topics.ALERT_ACKS.name(), deviceId, 1).getFirst();
        assertThat(ContractJson.read(record.value(), AlertAcknowledgeRequested.class)).isEqualTo(request);
        assertThat(header(record, RecordHeaders.TENANT_ID)).isEqualTo("OP-IT");
    }

    @Test
    void noBrokerIs503WithinThePublishTimeout() {
        String nowhere = "127.0.0.1:" + FreePorts.pick();
        try (var unreachable = new AcknowledgedSender(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere),
                Duration.ofSeconds(1))) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> new KafkaRulePublisher(unreachable).delete("OP-IT", "r1"))
                    .isInstanceOfSatisfying(ApiProblemException.class, problem -> {
                        assertThat(problem.status().value()).isEqualTo(503);
                        assertThat(problem.type()).isEqualTo(ApiProblems.WRITE_UNAVAILABLE);
                        assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("1");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    /** Every record of {@code key} on the topic, in order, once there are {@code count} of them. */
    private static List<ConsumerRecord<String, byte[]>> readUntil(String topic, String key, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.node().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return found.size() >= count;
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
