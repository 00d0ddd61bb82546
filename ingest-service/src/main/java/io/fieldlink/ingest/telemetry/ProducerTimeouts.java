package io.fieldlink.ingest.telemetry;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.Map;

/**
 * Producer settings derived from the publish timeout T so that the producer reaches its own verdict
 * (acknowledged, or failed and given up) before the HTTP wait of T ends:
 * {@code max.block.ms} = 0.2 T (metadata / buffer wait inside {@code send()}),
 * {@code delivery.timeout.ms} = 0.7 T (from {@code send()} returning to success or final failure,
 * retries included), {@code request.timeout.ms} = delivery timeout - {@code linger.ms} (Kafka
 * requires delivery &gt;= linger + request). That leaves 0.1 T of slack. Plus {@code acks=all} and
 * {@code enable.idempotence=true}: retries inside the window never duplicate a record.
 */
public record ProducerTimeouts(int maxBlockMs, int deliveryTimeoutMs, int requestTimeoutMs) {

    public static ProducerTimeouts forPublishTimeout(Duration publishTimeout, int lingerMs) {
        long t = publishTimeout.toMillis();
        int maxBlock = (int) (t / 5);
        int delivery = (int) (t * 7 / 10);
        int request = Math.max(1, delivery - Math.max(0, lingerMs));
        return new ProducerTimeouts(maxBlock, delivery, request);
    }

    /** Every producer setting the ingest edge insists on, whatever spring.kafka.producer.* says. */
    public Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
    }
}
