package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.TelemetrySerializer;
import io.fieldlink.contracts.Topics;
import io.fieldlink.ingest.IngestProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka side of the ingest edge: Boot's producer factory and KafkaTemplate
 * ({@code spring.kafka.*}), with serializers, acks, idempotence and timeouts enforced here, and
 * the telemetry topic created on startup when absent.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaPublishingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaPublishingConfiguration.class);

    @Bean
    DefaultKafkaProducerFactoryCustomizer ingestProducerSettings(IngestProperties properties) {
        return factory -> {
            Object linger = factory.getConfigurationProperties().get(ProducerConfig.LINGER_MS_CONFIG);
            int lingerMs = linger == null ? 5 : Integer.parseInt(linger.toString());
            Map<String, Object> config = new HashMap<>(
                    ProducerTimeouts.forPublishTimeout(properties.publishTimeout(), lingerMs).producerConfig());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TelemetrySerializer.class);
            factory.updateConfigs(config);
        };
    }

    /**
     * Replaces Spring Kafka's default listener, which logs part of a failed record's value at
     * ERROR: readings never reach the logs. The publisher reports the failure itself.
     */
    @Bean
    ProducerListener<Object, Object> payloadFreeProducerListener() {
        return new ProducerListener<>() {
            @Override
            public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception exception) {
                log.debug("Kafka did not take a record for {} (key {}): {}", record.topic(), record.key(),
                        exception.toString());
            }
        };
    }

    /** Replication follows the broker's {@code default.replication.factor}. */
    @Bean
    NewTopic telemetryTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.TELEMETRY.name()).partitions(properties.topicPartitions()).build();
    }

    @Bean
    TelemetryPublisher kafkaTelemetryPublisher(KafkaTemplate<String, TelemetryReceived> template,
                                               IngestProperties properties, IngestMetrics metrics) {
        return new KafkaTelemetryPublisher(template, properties.publishTimeout(), metrics);
    }
}
