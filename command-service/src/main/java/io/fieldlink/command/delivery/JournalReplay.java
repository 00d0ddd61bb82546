package io.fieldlink.command.delivery;

import io.fieldlink.command.kafka.TopicReplayer;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        TopicReplayer replayer = new TopicReplayer(clientConfig, timeout);
        replayer.ensureTopics(List.of(
                new NewTopic(Topics.COMMAND_STATUS.name(), Optional.of(partitions), Optional.empty())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(JOURNAL_RETENTION.toMillis()))),
                new NewTopic(Topics.COMMANDS_DLQ.name(), Optional.of(partitions), Optional.empty())));
        long[] unreadable = {0};
        long read = replayer.readToEnd(Topics.COMMAND_STATUS.name(), "fieldlink-command-journal-replay",
                record -> parse(record).ifPresentOrElse(book::replay, () -> unreadable[0]++));
        if (unreadable[0] > 0) {
            log.warn("{} unreadable records in {} were skipped", unreadable[0], Topics.COMMAND_STATUS.name());
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
}
