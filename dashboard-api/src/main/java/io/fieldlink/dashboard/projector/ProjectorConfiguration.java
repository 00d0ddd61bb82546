package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.Topics;
import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Wiring of the projectors (telemetry, alerts, command statuses, device profiles): the batch consumer functions, their
 * error handlers (named in
 * {@code spring.cloud.stream.kafka.bindings.<function>-in-0.consumer.common-error-handler-bean-name}),
 * the dead-letter topics and the batch size of the Kafka consumers.
 * <p>
 * Why a container error handler instead of the binder's {@code enableDlq}: in batch mode the binder
 * dead-letters the whole poll when one record fails. Spring Kafka's {@link DefaultErrorHandler} with a
 * {@code BatchListenerFailedException} dead-letters exactly the poison record, commits the ones before
 * it and redelivers the ones after it.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorConfiguration {

    static final String ERROR_HANDLER = "telemetryProjectorErrorHandler";
    static final String ALERT_ERROR_HANDLER = "alertProjectorErrorHandler";
    static final String COMMAND_STATUS_ERROR_HANDLER = "commandStatusProjectorErrorHandler";
    static final String DEVICE_PROFILE_ERROR_HANDLER = "deviceProfileProjectorErrorHandler";

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
        return new DeadLetters(kafka.buildProducerProperties(), properties.projector().deadLetterTopic(), "telemetry",
                meters);
    }

    @Bean
    LatestStateWriter latestStateWriter(OpenSearchClient client, IndexTemplates templates) {
        return new LatestStateWriter(client, templates);
    }

    /** Binding {@code alertProjector-in-0}: one document per alert, the state after its newest event. */
    @Bean
    Consumer<List<AlertEvent>> alertProjector(IndexLayout layout, LatestStateWriter writer, MeterRegistry meters) {
        LatestStateDocuments documents = new LatestStateDocuments(layout);
        return new LatestStateProjector<>(AlertEvent.class, "alerts", documents::alert, writer, meters);
    }

    /** Binding {@code commandStatusProjector-in-0}: one document per command, the state after its newest transition. */
    @Bean
    Consumer<List<CommandStatusChanged>> commandStatusProjector(IndexLayout layout, LatestStateWriter writer,
                                                                MeterRegistry meters) {
        LatestStateDocuments documents = new LatestStateDocuments(layout);
        return new LatestStateProjector<>(CommandStatusChanged.class, "commands", documents::command, writer, meters);
    }

    /**
     * Binding {@code deviceProfileProjector-in-0}: the registry's tags, groups and name into the device documents,
     * beside the telemetry (partial upserts, newest revision wins).
     */
    @Bean
    Consumer<List<DeviceProfileChanged>> deviceProfileProjector(OpenSearchClient client, IndexTemplates templates,
                                                                IndexLayout layout, MeterRegistry meters) {
        DeviceProfileDocuments documents = new DeviceProfileDocuments(layout);
        LatestStateWriter writer = new LatestStateWriter(client, templates, DeviceProfileDocuments.MODE);
        return new LatestStateProjector<>(DeviceProfileChanged.class, "device-profiles", documents::profile, writer,
                DeviceProfileDeserializer::isTombstone, meters);
    }

    @Bean
    DeadLetters deviceProfileDeadLetters(KafkaProperties kafka, DashboardProperties properties, MeterRegistry meters) {
        return new DeadLetters(kafka.buildProducerProperties(), properties.projector().devicesDeadLetterTopic(),
                "device-profiles", meters);
    }

    @Bean(DEVICE_PROFILE_ERROR_HANDLER)
    DefaultErrorHandler deviceProfileProjectorErrorHandler(
            @Qualifier("deviceProfileDeadLetters") DeadLetters deviceProfileDeadLetters, DashboardProperties properties) {
        return errorHandler(deviceProfileDeadLetters, properties);
    }

    @Bean
    NewTopic deviceProfileDeadLetterTopic(DashboardProperties properties) {
        return TopicBuilder.name(properties.projector().devicesDeadLetterTopic()).build();
    }

    @Bean
    DeadLetters alertDeadLetters(KafkaProperties kafka, DashboardProperties properties, MeterRegistry meters) {
        return new DeadLetters(kafka.buildProducerProperties(), properties.projector().alertsDeadLetterTopic(),
                "alerts", meters);
    }

    @Bean
    DeadLetters commandStatusDeadLetters(KafkaProperties kafka, DashboardProperties properties, MeterRegistry meters) {
        return new DeadLetters(kafka.buildProducerProperties(), properties.projector().commandStatusDeadLetterTopic(),
                "command-status", meters);
    }

    @Bean(ALERT_ERROR_HANDLER)
    DefaultErrorHandler alertProjectorErrorHandler(@Qualifier("alertDeadLetters") DeadLetters alertDeadLetters, DashboardProperties properties) {
        return errorHandler(alertDeadLetters, properties);
    }

    @Bean(COMMAND_STATUS_ERROR_HANDLER)
    DefaultErrorHandler commandStatusProjectorErrorHandler(@Qualifier("commandStatusDeadLetters") DeadLetters commandStatusDeadLetters,
                                                           DashboardProperties properties) {
        return errorHandler(commandStatusDeadLetters, properties);
    }

    @Bean
    NewTopic alertDeadLetterTopic(DashboardProperties properties) {
        return TopicBuilder.name(properties.projector().alertsDeadLetterTopic()).build();
    }

    @Bean
    NewTopic commandStatusDeadLetterTopic(DashboardProperties properties) {
        return TopicBuilder.name(properties.projector().commandStatusDeadLetterTopic()).build();
    }

    /**
     * Poison records ({@link PoisonRecordException}, deserialisation failures) are dead-lettered at once;
     * every other failure is retried with an exponential back-off without a limit: a sink that is down
     * stalls the projector (visible as consumer lag) instead of dead-lettering good records.
     */
    @Bean(ERROR_HANDLER)
    DefaultErrorHandler telemetryProjectorErrorHandler(@Qualifier("telemetryDeadLetters") DeadLetters telemetryDeadLetters,
                                                        DashboardProperties properties) {
        return errorHandler(telemetryDeadLetters, properties);
    }

    private static DefaultErrorHandler errorHandler(DeadLetters deadLetters, DashboardProperties properties) {
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

    /** Batch size of the projectors' consumers, from {@code fieldlink.dashboard.projector.*}. */
    @Bean
    ConsumerConfigCustomizer telemetryBatchSize(DashboardProperties properties) {
        DashboardProperties.Projector projector = properties.projector();
        Set<String> projected = Set.of(Topics.TELEMETRY.name(), Topics.ALERTS.name(), Topics.COMMAND_STATUS.name(),
                Topics.DEVICES.name());
        return (config, bindingName, destination) -> {
            if (projected.contains(destination)) {
                config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, projector.maxBatchSize());
                config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) projector.maxBatchWait().toMillis());
                config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, projector.minBatchBytes());
            }
        };
    }
}
