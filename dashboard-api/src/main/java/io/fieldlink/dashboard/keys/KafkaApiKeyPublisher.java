package io.fieldlink.dashboard.keys;

import io.fieldlink.contracts.ApiKeyChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.Topics;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.ApiKeyTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of {@code iot.api-keys.v1}: an idempotent {@code acks=all} producer that waits for the broker at
 * most the publish timeout. The topic is created compacted before the first write (see {@link ApiKeyTopic}).
 */
final class KafkaApiKeyPublisher implements ApiKeyPublisher, AutoCloseable {

    static final String WRITE_UNAVAILABLE = "write-unavailable";
    private static final Logger log = LoggerFactory.getLogger(KafkaApiKeyPublisher.class);

    private final Map<String, Object> clientConfig;
    private final Duration publishTimeout;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean topicEnsured;

    KafkaApiKeyPublisher(Map<String, Object> producerConfig, Duration publishTimeout) {
        this.clientConfig = Map.copyOf(producerConfig);
        this.publishTimeout = publishTimeout;
        Map<String, Object> config = new HashMap<>(producerConfig);
        long t = publishTimeout.toMillis();
        int delivery = (int) Math.max(2, t * 7 / 10);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.max(1, t / 5));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, delivery);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fieldlink-api-keys-writer");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(ApiKeyChanged key) {
        try {
            if (!topicEnsured) {
                ApiKeyTopic.ensure(clientConfig, publishTimeout);
                topicEnsured = true;
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.API_KEYS.name(), key.keyId(),
                    ContractJson.write(key));
            record.headers().add(RecordHeaders.TENANT_ID, key.tenantId().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (Exception e) {
            log.warn("Key {} of {} was not stored in {}: {}", key.keyId(), key.tenantId(), Topics.API_KEYS.name(),
                    e.toString());
            throw unavailable();
        }
    }

    private ApiProblemException unavailable() {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, WRITE_UNAVAILABLE, "Service unavailable",
                "Kafka did not acknowledge the change in time; try again. (A key created meanwhile shows in the list "
                        + "and can be revoked; its secret was never shown.)")
                .withHeader(HttpHeaders.RETRY_AFTER, "5");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
