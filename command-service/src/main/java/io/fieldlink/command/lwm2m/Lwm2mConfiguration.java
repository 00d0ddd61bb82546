package io.fieldlink.command.lwm2m;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.registry.DeviceRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The LwM2M server (only with {@code fieldlink.commands.lwm2m.enabled=true}): security, the Leshan server, command
 * delivery over LwM2M, registrations and observations. Described in docs/commands.md, "LwM2M".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("fieldlink.commands.lwm2m.enabled")
class Lwm2mConfiguration {

    @Bean
    Lwm2mMetrics lwm2mMetrics(MeterRegistry meters) {
        return new Lwm2mMetrics(meters);
    }

    @Bean
    Lwm2mServer lwm2mServer(CommandProperties properties, DeviceRegistry registry, Lwm2mMetrics metrics) {
        CommandProperties.Lwm2m settings = properties.lwm2m();
        DeviceSecurityStore store = new DeviceSecurityStore(new PskKeys(settings));
        EndpointTenants tenants = new EndpointTenants(settings, registry::tenantOf);
        return new Lwm2mServer(settings, store,
                new DeviceAuthorizer(store, tenants, settings.allowPlainCoap(), metrics));
    }

    @Bean(destroyMethod = "close")
    Lwm2mDelivery lwm2mDelivery(Lwm2mServer server, CommandProperties properties, Lwm2mMetrics metrics) {
        return new Lwm2mDelivery(server, properties.lwm2m().requestTimeout().toMillis(), metrics);
    }

    @Bean(destroyMethod = "close")
    ObservationPublisher lwm2mObservationPublisher(KafkaProperties kafka, CommandProperties properties,
                                                   Lwm2mMetrics metrics) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        int timeout = (int) properties.lwm2m().observationPublishTimeout().toMillis();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeout - 10));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1, timeout / 5));
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "fieldlink-lwm2m-observations");
        return new ObservationPublisher(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                metrics);
    }

    @Bean(destroyMethod = "close")
    Lwm2mStartup lwm2mStartup(Lwm2mServer server, Lwm2mDelivery delivery, CommandBook book, DeviceRegistry registry,
                              ObservationPublisher publisher, CommandProperties properties, Lwm2mMetrics metrics,
                              ObjectProvider<Clock> clockProvider) {
        Clock clock = clockProvider.getIfAvailable(Clock::systemUTC);
        CommandProperties.Lwm2m settings = properties.lwm2m();
        server.listen(new RegistrationEvents(server, delivery, book, registry, settings.observe().keySet(),
                        settings.requestTimeout().toMillis(), metrics, clock),
                new ObservationRelay(delivery.firmware(), settings.observe(), publisher, clock));
        return new Lwm2mStartup(server);
    }

    /** Up once the server listens; says where. */
    @Bean
    HealthIndicator lwm2mHealthIndicator(Lwm2mStartup startup, Lwm2mServer server) {
        return () -> (startup.started() ? Health.up() : Health.down())
                .withDetail("coap", server.uri(Protocol.COAP).map(Object::toString).orElse(""))
                .withDetail("coaps", server.uri(Protocol.COAPS).map(Object::toString).orElse(""))
                .build();
    }
}
