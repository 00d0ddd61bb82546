package io.fieldlink.command.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Producers for writes an API call or a state change waits for (registry profiles, the command journal): acks=all,
 * idempotent, no linger, and every Kafka time-out inside the caller's wait, so a write reported as failed can never
 * be stored later behind the caller's back.
 */
public final class BoundedProducers {

    private BoundedProducers() {
    }

    /**
     * @param baseConfig     producer settings of the service ({@code spring.kafka.producer.*}, bootstrap servers)
     * @param publishTimeout how long the caller waits for the acknowledgement
     * @param clientId       the producer's client id, unless the base settings name one
     */
    public static DefaultKafkaProducerFactory<String, byte[]> factory(Map<String, Object> baseConfig,
            Duration publishTimeout, String clientId) {
        long t = publishTimeout.toMillis();
        int delivery = (int) Math.max(2, t * 7 / 10);
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.max(1, t / 5));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, delivery);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
