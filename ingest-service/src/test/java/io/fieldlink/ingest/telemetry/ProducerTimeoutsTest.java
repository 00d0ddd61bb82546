package io.fieldlink.ingest.telemetry;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerTimeoutsTest {

    @ParameterizedTest
    @ValueSource(longs = {1_000, 5_000, 60_000})
    void theProducerGivesUpBeforeTheHttpWaitEnds(long publishTimeoutMs) {
        var t = ProducerTimeouts.forPublishTimeout(Duration.ofMillis(publishTimeoutMs), 5);
        assertThat((long) t.maxBlockMs() + t.deliveryTimeoutMs()).isLessThan(publishTimeoutMs);
        // Kafka refuses a delivery timeout below linger + request timeout
        assertThat(t.deliveryTimeoutMs()).isGreaterThanOrEqualTo(5 + t.requestTimeoutMs());
        assertThat(t.requestTimeoutMs()).isPositive();
    }

    @Test
    void defaultsForFiveSeconds() {
        var t = ProducerTimeouts.forPublishTimeout(Duration.ofSeconds(5), 5);
        assertThat(t).isEqualTo(new ProducerTimeouts(1000, 3500, 3495));
        assertThat(t.producerConfig())
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3500)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3495)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
    }
}
