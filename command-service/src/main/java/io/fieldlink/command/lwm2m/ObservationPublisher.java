package io.fieldlink.command.lwm2m;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceObservationReported;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Writes observations to {@code iot.device-observations.v1} (key: device id) without blocking the CoAP thread that
 * received them. A notification cannot be refused back to the device, so one Kafka does not store in time is counted
 * and logged; the device's next notification carries the current value again.
 */
final class ObservationPublisher implements Consumer<DeviceObservationReported>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ObservationPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Lwm2mMetrics metrics;

    ObservationPublisher(Producer<String, byte[]> producer, Lwm2mMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public void accept(DeviceObservationReported observation) {
        try {
            producer.send(new ProducerRecord<>(Topics.DEVICE_OBSERVATIONS.name(), observation.deviceId(),
                    ContractJson.write(observation)), (metadata, error) -> {
                if (error == null) {
                    metrics.observationRelayed();
                } else {
                    failed(observation, error);
                }
            });
        } catch (RuntimeException e) {
            failed(observation, e);
        }
    }

    private void failed(DeviceObservationReported observation, Exception error) {
        metrics.observationFailed();
        log.warn("Observation {} of device {} not stored: {}", observation.observationId(), observation.deviceId(),
                error.toString());
    }

    @Override
    public void close() {
        producer.close();
    }
}
