package io.fieldlink.command.delivery;

import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.DataDirs;
import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.KafkaNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal's writer against a real broker that is not there at first: transitions accepted meanwhile are kept in
 * order, the journal says it is behind, and once the broker is up every record is stored, in the order accepted.
 */
class KafkaCommandJournalIT {

    @Test
    void transitionsAcceptedWhileKafkaIsDownAreStoredInOrderOnceItIsUp() throws Exception {
        int port = FreePorts.pick();
        Path data = DataDirs.newTempDir("journal-it");
        KafkaNode kafka = new KafkaNode(data, port);
        CommandMetrics metrics = new CommandMetrics(new SimpleMeterRegistry());
        try (KafkaCommandJournal journal = new KafkaCommandJournal(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port), Duration.ofSeconds(2), metrics)) {
            String commandId = UUID.randomUUID().toString();
            List<CommandStatusChanged> records = IntStream.rangeClosed(1, 50)
                    .mapToObj(attempt -> record(commandId, attempt)).toList();
            records.forEach(journal::accept); // returns at once: the book's lock is never held for Kafka

            await().atMost(Duration.ofSeconds(30)).until(journal::behind);
            assertThat(journal.flush()).isFalse();
            assertThat(journal.backlogSize()).isEqualTo(50);

            kafka.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !journal.behind() && journal.backlogSize() == 0);
            assertThat(journal.flush()).isTrue();
            List<Integer> stored = kafka.readAll(Topics.COMMAND_STATUS.name()).stream()
                    .map(r -> ContractJson.read(r.value(), CommandStatusChanged.class))
                    .filter(r -> r.commandId().equals(commandId)).map(CommandStatusChanged::attempt).toList();
            // a batch that timed out may be sent again: repeats are allowed, a different order is not
            assertThat(stored.stream().distinct().toList()).isEqualTo(IntStream.rangeClosed(1, 50).boxed().toList());
        } finally {
            kafka.close();
            DataDirs.deleteRecursively(data);
        }
    }

    private static CommandStatusChanged record(String commandId, int attempt) {
        Instant now = Instant.now();
        return new CommandStatusChanged(commandId, "OP0000000777", "journal-it-device", "sprinkler", Map.of(),
                CommandTransport.AUTO, CommandStatus.SENT, attempt, attempt, null, null, now, now.plusSeconds(600), now,
                "api:journal-it");
    }
}
