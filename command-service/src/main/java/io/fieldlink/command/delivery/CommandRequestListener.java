package io.fieldlink.command.delivery;

import io.fieldlink.command.lifecycle.Acceptance;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandConflictException;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommandRequested;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

/**
 * Takes the commands other services request on {@code iot.commands.v1} (rules-service's actions) into the book,
 * transport {@code auto}. A record that is not a readable request, or that reuses a command id for a different
 * command, goes to {@code iot.commands.dlq.v1} with the reason; the listener returns only when Kafka has the dead
 * letter, so the offset is never committed past a lost record. While the journal is behind (Kafka refused a
 * transition) a request is not taken: the exception makes the container retry the record.
 *
 * <p>At-least-once: a request handled twice is recognised by its id and changes nothing.
 */
final class CommandRequestListener implements MessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(CommandRequestListener.class);

    private final CommandBook book;
    private final KafkaCommandJournal journal;
    private final CommandDeadLetters deadLetters;
    private final CommandMetrics metrics;

    CommandRequestListener(CommandBook book, KafkaCommandJournal journal, CommandDeadLetters deadLetters,
                           CommandMetrics metrics) {
        this.book = book;
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        DeviceCommandRequested request;
        try {
            request = ContractJson.read(record.value(), DeviceCommandRequested.class);
        } catch (RuntimeException e) {
            deadLetters.send(record, "unreadable DeviceCommandRequested: " + e.getMessage());
            return;
        }
        if (!journal.flush()) {
            throw new IllegalStateException("the command journal is behind; the request is retried");
        }
        try {
            Acceptance acceptance = book.accept(request, CommandTransport.AUTO);
            if (acceptance.created()) {
                metrics.accepted(false);
            }
        } catch (CommandConflictException e) {
            deadLetters.send(record, e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            deadLetters.send(record, "invalid request: " + e.getMessage());
        }
        if (!journal.flush()) {
            // the offset is committed only once the command's record is stored: retried, recognised by its id
            throw new IllegalStateException("the command journal did not store the request; it is retried");
        }
        log.debug("Took command {} for device {} from {}", request.commandId(), request.deviceId(), record.topic());
    }
}
