package io.fieldlink.command.rollout;

import io.fieldlink.command.kafka.BoundedProducers;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.RolloutChanged;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Writes rollout records to the compacted {@code iot.rollouts.v1} (key rollout id) and waits for the ack. */
final class KafkaRolloutStore implements RolloutPorts.RolloutStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaRolloutStore.class);

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;
    private final Duration publishTimeout;

    KafkaRolloutStore(Map<String, Object> baseConfig, Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
        this.factory = BoundedProducers.factory(baseConfig, publishTimeout, "fieldlink-rollouts");
        this.template = new KafkaTemplate<>(factory);
    }

    @Override
    public boolean store(RolloutChanged record) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.ROLLOUTS.name(), record.rolloutId(),
                ContractJson.write(record));
        out.headers().add(RecordHeaders.TENANT_ID, record.tenantId().getBytes(StandardCharsets.UTF_8));
        try {
            template.send(out).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Kafka did not store revision {} of rollout {} within {}: {}", record.revision(),
                    record.rolloutId(), publishTimeout, e.toString());
        }
        return false;
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
