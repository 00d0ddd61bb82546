package io.fieldlink.ingest.telemetry;

import io.fieldlink.contracts.Topics;
import io.fieldlink.ingest.IngestProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import java.util.Map;

/**
 * The ingest dead-letter topic: created on startup when absent, and {@link IngestDeadLetters}
 * on a copy of Boot's producer factory (so every producer setting, {@code acks=all}, idempotence
 * and the derived timeouts included, is the telemetry producer's) with a byte-array value serializer.
 */
@Configuration(proxyBeanMethods = false)
public class IngestDeadLetterConfiguration {

    @Bean
    NewTopic ingestDeadLetterTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.INGEST_DLQ.name()).partitions(properties.topicPartitions()).build();
    }

    @Bean(destroyMethod = "close")
    @SuppressWarnings("unchecked")
    IngestDeadLetters ingestDeadLetters(ProducerFactory<?, ?> producerFactory, IngestProperties properties) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>((ProducerFactory<String, byte[]>) producerFactory,
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        return new IngestDeadLetters(template, properties.publishTimeout());
    }
}
