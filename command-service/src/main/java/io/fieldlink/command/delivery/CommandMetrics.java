package io.fieldlink.command.delivery;

import io.fieldlink.contracts.CommandStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** The meters of command delivery; names are listed in docs/commands.md, "MQTT delivery". */
final class CommandMetrics {

    private final Counter acceptedApi;
    private final Counter acceptedKafka;
    private final Map<CommandStatus, Counter> transitions = new EnumMap<>(CommandStatus.class);
    private final Counter publishFailures;
    private final Counter responsesUnmatched;
    private final Counter statusUnknownDevice;
    private final Counter journalFailures;
    private final Counter deadLetters;

    CommandMetrics(MeterRegistry meters) {
        acceptedApi = accepted(meters, "api");
        acceptedKafka = accepted(meters, "kafka");
        for (CommandStatus status : CommandStatus.values()) {
            transitions.put(status, Counter.builder("fieldlink.commands.transitions").tag("status", status.wireName())
                    .description("command transitions by the status reached").register(meters));
        }
        publishFailures = Counter.builder("fieldlink.commands.mqtt.publish-failures")
                .description("MQTT publishes of a command that failed (the attempt is retried)").register(meters);
        responsesUnmatched = Counter.builder("fieldlink.commands.mqtt.responses-unmatched")
                .description("device answers ignored: unreadable, correlation data not the command id, or not a "
                        + "command of that device").register(meters);
        statusUnknownDevice = Counter.builder("fieldlink.commands.mqtt.status-unknown-device")
                .description("device status messages ignored because the registry does not know the device")
                .register(meters);
        journalFailures = Counter.builder("fieldlink.commands.journal.publish-failures")
                .description("journal records Kafka did not store in time (kept in the backlog)").register(meters);
        deadLetters = Counter.builder("fieldlink.commands.requests.dead-lettered")
                .description("records of iot.commands.v1 sent to iot.commands.dlq.v1").register(meters);
    }

    private static Counter accepted(MeterRegistry meters, String source) {
        return Counter.builder("fieldlink.commands.accepted").tag("source", source)
                .description("new commands accepted (repeats of a known id not counted)").register(meters);
    }

    void accepted(boolean fromApi) {
        (fromApi ? acceptedApi : acceptedKafka).increment();
    }

    void transition(CommandStatus status) {
        transitions.get(status).increment();
    }

    void publishFailure() {
        publishFailures.increment();
    }

    void responseUnmatched() {
        responsesUnmatched.increment();
    }

    void statusOfUnknownDevice() {
        statusUnknownDevice.increment();
    }

    void journalFailure() {
        journalFailures.increment();
    }

    void deadLettered() {
        deadLetters.increment();
    }
}
