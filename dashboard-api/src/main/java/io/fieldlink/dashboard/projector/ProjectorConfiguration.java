package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.Topics;
import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wiring of the projector: the batch consumer function, its error handler (named in
 * {@code spring.cloud.stream.kafka.bindings.telemetryProjector-in-0.consumer.common-error-handler-bean-name}),
 * the dead-letter topic and the batch size of the Kafka consumer.
 * <p>
 * Why a container error handler instead of the binder's {@code enableDlq}: in batch mode the binder
 * dead-letters the whole poll when one record fails. Spring Kafka's {@link DefaultErrorHandler} with a
 * {@code BatchListenerFailedException} dead-letters exactly the poison record, commits the ones before
 * it and redelivers the ones after it.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorConfiguration {

    static final String ERROR_HANDLER = "telemetryProjectorErrorHandler";

    @Bean
    TelemetryWriter telemetryWriter(OpenSearchClient client, IndexTemplates templates, IndexLayout layout) {
        return new TelemetryWriter(client, templates, layout);
    }

    @Bean
    TelemetryProjector telemetryProjector(IndexLayout layout, TelemetryWriter writer, MeterRegistry meters) {
        return new TelemetryProjector(new TelemetryDocuments(layout), writer, meters);
    }

    @Bean
    DeadLetters telemetryDeadLetters(KafkaProperties kafka, DashboardProperties properties, MeterRegistry meters) {
        return new DeadLetters(kafka.buildProducerProperties(), properties.projector().deadLetterTopic(), meters);
    }

    /**
     * Poison records ({@link PoisonRecordException}, deserialisation failures) are dead-lettered at once;
     * every other failure is retried with an exponential back-off without a limit: a sink that is down
     * stalls the projector (visible as consumer lag) instead of dead-lettering good records.
     */
    @Bean(ERROR_HANDLER)
    DefaultErrorHandler telemetryProjectorErrorHandler(DeadLetters deadLetters, DashboardProperties properties) {
        DashboardProperties.Projector projector = properties.projector();
        ExponentialBackOff backOff = new ExponentialBackOff(projector.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(projector.retryMaxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters.recoverer(), backOff);
        handler.addNotRetryableExceptions(PoisonRecordException.class);
        // re-seeking the records behind a dead-lettered one is normal flow (DeadLetters logs the reason);
        // at ERROR the container would log it with the whole batch in the message
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    /** Created with the broker's default partitions and replication when missing. */
    @Bean
    NewTopic telemetryDeadLetterTopic(DashboardProperties properties) {
        return TopicBuilder.name(properties.projector().deadLetterTopic()).build();
    }

    /** Batch size of the projector's consumer, from {@code fieldlink.dashboard.projector.*}. */
    @Bean
    ConsumerConfigCustomizer telemetryBatchSize(DashboardProperties properties) {
        DashboardProperties.Projector projector = properties.projector();
        return (config, bindingName, destination) -> {
            if (Topics.TELEMETRY.name().equals(destination)) {
                config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, projector.maxBatchSize());
                config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) projector.maxBatchWait().toMillis());
                config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, projector.minBatchBytes());
            }
        };
    }
}
