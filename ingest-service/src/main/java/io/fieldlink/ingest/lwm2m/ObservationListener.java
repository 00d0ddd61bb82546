package io.fieldlink.ingest.lwm2m;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceObservationReported;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import java.time.Clock;

/**
 * One record of {@code iot.device-observations.v1} -> one reading on {@code iot.telemetry.v1}. An unreadable record
 * goes to {@code iot.ingest.dlq.v1} with the reason; a reading Kafka does not acknowledge throws, so the container
 * retries the record (it is committed only after the reading, or its dead letter, is stored).
 */
final class ObservationListener implements MessageListener<String, byte[]> {

    private final TelemetryPublisher publisher;
    private final IngestDeadLetters deadLetters;
    private final Clock clock;

    ObservationListener(TelemetryPublisher publisher, IngestDeadLetters deadLetters, Clock clock) {
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        DeviceObservationReported observation;
        try {
            observation = ContractJson.read(record.value(), DeviceObservationReported.class);
        } catch (RuntimeException e) {
            deadLetters.deadLetter(record.key(), record.value(), SourceProtocol.LWM2M,
                    "unreadable-observation: " + e.getMessage());
            return;
        }
        publisher.publish(ObservationTelemetry.of(observation, clock.instant()), observation.observationId());
    }
}
