package io.fieldlink.command.registry;

import io.fieldlink.command.kafka.BoundedProducers;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ProfilePublisher} on {@code iot.devices.v1} through the registry's own {@link KafkaTemplate}
 * ({@code acks=all}, idempotent), waiting for the acknowledgement at most the publish timeout T. The producer's own
 * timeouts end inside that wait ({@code max.block.ms} 0.2 T, {@code delivery.timeout.ms} 0.7 T), so when the
 * registry gives up the producer has given up too: no retry stores the record later while memory says otherwise.
 *
 * <p>The template is not a bean: a template or producer-factory bean would make Boot's own {@code kafkaTemplate}
 * back off, and command delivery will use that one with its usual settings.
 */
final class KafkaProfilePublisher implements ProfilePublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaProfilePublisher.class);

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;
    private final Duration publishTimeout;
    private final long retryAfterSeconds;

    /**
     * @param baseConfig producer settings of the service ({@code spring.kafka.producer.*}, bootstrap servers);
     *                   serializers, acks, idempotence and timeouts are set here
     */
    KafkaProfilePublisher(Map<String, Object> baseConfig, Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = Math.max(1, (publishTimeout.toMillis() + 999) / 1000);
        this.factory = BoundedProducers.factory(baseConfig, publishTimeout, "fieldlink-device-registry");
        this.template = new KafkaTemplate<>(factory);
    }

    @Override
    public void publish(DeviceProfileChanged profile) {
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEVICES.name(), profile.deviceId(),
                ContractJson.write(profile));
        record.headers().add(RecordHeaders.TENANT_ID, profile.tenantId().getBytes(StandardCharsets.UTF_8));
        try {
            template.send(record).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (KafkaException | ExecutionException e) {
            log.warn("Kafka did not store the profile of device {} (revision {}): {}", profile.deviceId(),
                    profile.revision(), rootCause(e));
            throw ApiProblems.writeUnavailable(retryAfterSeconds);
        } catch (TimeoutException e) {
            log.warn("Kafka gave no verdict within {} on the profile of device {}", publishTimeout, profile.deviceId());
            throw ApiProblems.writeUnavailable(retryAfterSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblems.writeUnavailable(retryAfterSeconds);
        }
    }

    @Override
    public void close() {
        factory.destroy();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
