package io.fieldlink.ingest.lwm2m;

import io.fieldlink.contracts.Topics;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.telemetry.IngestDeadLetters;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * LwM2M observations in (only with {@code fieldlink.ingest.lwm2m.enabled=true}): a consumer of
 * {@code iot.device-observations.v1} that publishes each as telemetry (docs/ingest.md, "LwM2M observations").
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("fieldlink.ingest.lwm2m.enabled")
class Lwm2mIngestConfiguration {

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> lwm2mObservationsContainer(
            KafkaProperties kafka, IngestProperties properties, TelemetryPublisher publisher,
            IngestDeadLetters deadLetters, ObjectProvider<Clock> clock) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.lwm2m().consumerGroup());
        consumer.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, properties.lwm2m().consumerGroup());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var factory = new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        ContainerProperties container = new ContainerProperties(Topics.DEVICE_OBSERVATIONS.name());
        container.setMessageListener(new ObservationListener(publisher, deadLetters,
                clock.getIfAvailable(Clock::systemUTC)));
        container.setAckMode(ContainerProperties.AckMode.RECORD);
        var listener = new ConcurrentMessageListenerContainer<>(factory, container);
        // Kafka not acknowledging a reading or a dead letter: retried until it does, never skipped
        listener.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
        return listener;
    }
}
