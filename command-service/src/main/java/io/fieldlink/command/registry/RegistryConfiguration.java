package io.fieldlink.command.registry;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The device registry and what feeds and stores it: the Kafka publisher and loader of {@code iot.devices.v1}, the
 * telemetry listener, the startup that loads before readiness. The OpenAPI 3.1 description of the service is
 * served at {@code /v3/api-docs} and needs an API key like every other endpoint.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Fieldlink command API", version = "v1",
                description = "The device registry of the caller's tenant: devices registered from their contacts, "
                        + "with display name, metadata, tags and groups editable by merge patch."),
        security = @SecurityRequirement(name = RegistryConfiguration.API_KEY))
@SecurityScheme(name = RegistryConfiguration.API_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "API key of a tenant: Authorization: Bearer <key>")
class RegistryConfiguration {

    static final String API_KEY = "apiKey";

    @Bean(destroyMethod = "close")
    KafkaProfilePublisher deviceProfilePublisher(KafkaProperties kafka, CommandProperties properties) {
        return new KafkaProfilePublisher(kafka.buildProducerProperties(), properties.registry().publishTimeout());
    }

    @Bean
    DeviceRegistry deviceRegistry(ProfilePublisher publisher, CommandProperties properties,
                                  ObjectProvider<Clock> clock) {
        return new DeviceRegistry(publisher, properties.registry(), clock.getIfAvailable(Clock::systemUTC));
    }

    /** Started by {@link RegistryStartup} after the load, not with the context. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> registryTelemetryContainer(KafkaProperties kafka,
                                                                                 CommandProperties properties,
                                                                                 DeviceRegistry registry) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.registry().consumerGroup());
        consumer.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, properties.registry().consumerGroup());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group starts at the oldest retained reading: devices that sent before the first start get registered
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var consumers = new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        ContainerProperties containerProperties = new ContainerProperties(Topics.TELEMETRY.name());
        containerProperties.setMessageListener(new TelemetryListener(registry));
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        var container = new ConcurrentMessageListenerContainer<>(consumers, containerProperties);
        container.setAutoStartup(false);
        // a write that Kafka refused is tried a few times, then the reading is skipped: the device's next
        // reading registers it (or writes its last-seen time) again
        container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, 4)));
        return container;
    }

    @Bean
    RegistryLoader registryLoader(KafkaProperties kafka, CommandProperties properties) {
        return new RegistryLoader(kafka.buildConsumerProperties(), properties.registry().loadTimeout(),
                properties.registry().topicPartitions());
    }

    @Bean(destroyMethod = "close")
    RegistryStartup registryStartup(DeviceRegistry registry, RegistryLoader loader,
                                    ConcurrentMessageListenerContainer<String, byte[]> registryTelemetryContainer,
                                    CommandProperties properties) {
        return new RegistryStartup(registry, loader, registryTelemetryContainer,
                sweepInterval(properties.registry().lastSeenWriteInterval()));
    }

    @Bean
    MeterBinder deviceRegistryMetrics(DeviceRegistry registry) {
        return meters -> {
            Gauge.builder("fieldlink.commands.registry.devices", registry, DeviceRegistry::size)
                    .description("registered devices of all tenants").register(meters);
            FunctionCounter.builder("fieldlink.commands.registry.tenant-conflicts", registry,
                            DeviceRegistry::tenantConflicts)
                    .description("contacts ignored because the device id belongs to another tenant").register(meters);
        };
    }

    /** A quarter of the write interval, between 100 ms and 15 s. */
    static Duration sweepInterval(Duration writeInterval) {
        Duration quarter = writeInterval.dividedBy(4);
        if (quarter.compareTo(Duration.ofMillis(100)) < 0) {
            return Duration.ofMillis(100);
        }
        return quarter.compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : quarter;
    }
}
