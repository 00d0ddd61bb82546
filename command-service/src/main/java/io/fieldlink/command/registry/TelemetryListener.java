package io.fieldlink.command.registry;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.TelemetryReceived;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

/**
 * Every reading on {@code iot.telemetry.v1} is a contact with its device: registers unknown devices and keeps
 * last-seen current. Its container is started by {@link RegistryStartup} once the registry is loaded, never
 * before: a reading handled against an empty registry would register a known device anew.
 *
 * <p>At-least-once: a reading handled twice changes nothing (last-seen only moves forward). A record that is not
 * a reading is skipped; the dashboard projector dead-letters those.
 */
final class TelemetryListener implements MessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(TelemetryListener.class);

    private final DeviceRegistry registry;

    TelemetryListener(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        TelemetryReceived reading;
        try {
            reading = ContractJson.read(record.value(), TelemetryReceived.class);
        } catch (RuntimeException e) {
            log.debug("Skipping an unreadable reading at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return;
        }
        registry.seen(reading.tenantId(), reading.deviceId(), reading.identity(), reading.sourceProtocol(),
                reading.receivedTime());
    }
}
