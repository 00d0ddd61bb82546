package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Replays the journal {@code iot.command-status.v1} from the beginning to the end it had when the read began into
 * the book (docs/commands.md, "Restart"). Creates the journal (7 days retention, longer than any time to live the
 * API allows) and the dead-letter topic when they are absent.
 */
final class JournalReplay {

    private static final Logger log = LoggerFactory.getLogger(JournalReplay.class);
    static final Duration JOURNAL_RETENTION = Duration.ofDays(7);

    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final int partitions;

    JournalReplay(Map<String, Object> clientConfig, Duration timeout, int partitions) {
        this.clientConfig = clientConfig;
        this.timeout = timeout;
        this.partitions = partitions;
    }

    /** Replays every record into {@code book}; returns how many were read. */
    long replay(CommandBook book) throws Exception {
        ensureTopics();
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fieldlink-command-journal-replay");
        long read = 0;
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = consumer.partitionsFor(Topics.COMMAND_STATUS.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (assigned.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.COMMAND_STATUS.name() + " has no partitions yet");
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no progress reading " + Topics.COMMAND_STATUS.name()
                            + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    deadline = System.nanoTime() + timeout.toNanos();
                    read++;
                    Optional<CommandStatusChanged> transition = parse(record);
                    if (transition.isPresent()) {
                        book.replay(transition.get());
                    } else {
                        unreadable++;
                    }
                }
            }
        }
        if (unreadable > 0) {
            log.warn("{} unreadable records in {} were skipped", unreadable, Topics.COMMAND_STATUS.name());
        }
        return read;
    }

    private static Optional<CommandStatusChanged> parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContractJson.read(record.value(), CommandStatusChanged.class));
        } catch (RuntimeException e) {
            log.debug("Unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
            return Optional.empty();
        }
    }

    private void ensureTopics() throws Exception {
        Map<String, Object> adminConfig = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (key.startsWith("bootstrap.") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                adminConfig.put(key, value);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            create(admin, new NewTopic(Topics.COMMAND_STATUS.name(), Optional.of(partitions), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(JOURNAL_RETENTION.toMillis()))));
            create(admin, new NewTopic(Topics.COMMANDS_DLQ.name(), Optional.of(partitions), Optional.empty()));
        }
    }

    private void create(Admin admin, NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created {} ({} partitions)", topic.name(), partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
