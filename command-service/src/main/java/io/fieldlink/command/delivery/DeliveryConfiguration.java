package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lwm2m.Lwm2mDelivery;
import io.fieldlink.command.lifecycle.TransitionObserver;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.command.registry.DeviceRegistry;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Command delivery: the book and its journal on {@code iot.command-status.v1}, the listener of
 * {@code iot.commands.v1}, the ticker and the commands API; MQTT is wired in {@link MqttDeliveryConfiguration}.
 * Described in docs/commands.md, "Commands API" and "MQTT delivery".
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    CommandMetrics commandMetrics(MeterRegistry meters) {
        return new CommandMetrics(meters);
    }

    @Bean(destroyMethod = "close")
    SendFailures commandSendFailures() {
        return new SendFailures();
    }

    @Bean(destroyMethod = "close")
    KafkaCommandJournal commandJournal(KafkaProperties kafka, CommandProperties properties, CommandMetrics metrics,
                                       MeterRegistry meters) {
        KafkaCommandJournal journal = new KafkaCommandJournal(kafka.buildProducerProperties(),
                properties.lifecycle().publishTimeout(), metrics);
        Gauge.builder("fieldlink.commands.journal.backlog", journal, KafkaCommandJournal::backlogSize)
                .description("transitions waiting for Kafka to store them").register(meters);
        return journal;
    }

    @Bean
    CommandBook commandBook(CommandProperties properties, ObjectProvider<MqttCommandChannel> mqtt,
                            ObjectProvider<Lwm2mDelivery> lwm2m, SendFailures failures, KafkaCommandJournal journal,
                            ObjectProvider<Clock> clock, ObjectProvider<TransitionObserver> observers) {
        // the journal first: an observer hears of a transition once it is in the journal's ordered outbox
        List<TransitionObserver> observing = observers.orderedStream().toList();
        Consumer<CommandStatusChanged> listener = observing.isEmpty() ? journal
                : journal.andThen(record -> observing.forEach(observer -> observer.transitioned(record)));
        Lwm2mDelivery lwm2mDelivery = lwm2m.getIfAvailable();
        CommandBook book = new CommandBook(properties.lifecycle().toSettings(),
                new TransportRouter(mqtt.getIfAvailable(), lwm2mDelivery, failures), listener,
                clock.getIfAvailable(Clock::systemUTC));
        failures.bind(book);
        if (lwm2mDelivery != null) {
            lwm2mDelivery.bind(book);
        }
        return book;
    }

    @Bean
    DeviceDirectory commandDeviceDirectory(DeviceRegistry registry) {
        return new DeviceDirectory() {
            @Override
            public Optional<String> tenantOf(String deviceId) {
                return registry.tenantOf(deviceId);
            }

            @Override
            public void contact(String tenantId, String deviceId, Instant time) {
                registry.seen(tenantId, deviceId, null, SourceProtocol.MQTT, time);
            }
        };
    }

    @Bean
    DeviceMessages deviceMessages(CommandProperties properties, CommandBook book, DeviceDirectory directory,
                                  CommandMetrics metrics, ObjectProvider<Clock> clock) {
        return new DeviceMessages(properties.mqtt().topicPrefix(), book, directory, metrics,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean(destroyMethod = "close")
    CommandDeadLetters commandDeadLetters(KafkaProperties kafka, CommandProperties properties, CommandMetrics metrics) {
        return new CommandDeadLetters(kafka.buildProducerProperties(), properties.lifecycle().publishTimeout(), metrics);
    }

    /** Started by {@link CommandStartup} after the replay, not with the context. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> commandRequestsContainer(
            KafkaProperties kafka, CommandProperties properties, CommandBook book, KafkaCommandJournal journal,
            CommandDeadLetters deadLetters, CommandMetrics metrics) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.lifecycle().consumerGroup());
        consumer.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, properties.lifecycle().consumerGroup());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group takes the requests still retained; the book drops those it knows and expires stale ones
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var consumers = new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        ContainerProperties containerProperties = new ContainerProperties(Topics.COMMANDS.name());
        containerProperties.setMessageListener(new CommandRequestListener(book, journal, deadLetters, metrics));
        containerProperties.setAckMode(ContainerProperties.AckMode.RECORD);
        var container = new ConcurrentMessageListenerContainer<>(consumers, containerProperties);
        container.setAutoStartup(false);
        // poison records are dead-lettered by the listener itself; what is left (journal behind, dead-letter topic
        // unreachable) is retried until it works: a request is never dropped
        container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
        return container;
    }

    @Bean
    JournalReplay journalReplay(KafkaProperties kafka, CommandProperties properties) {
        return new JournalReplay(kafka.buildConsumerProperties(), properties.lifecycle().loadTimeout(),
                properties.lifecycle().topicPartitions());
    }

    @Bean(destroyMethod = "close")
    CommandStartup commandStartup(CommandBook book, JournalReplay replay, ObjectProvider<MqttCommandChannel> mqtt,
                                  ConcurrentMessageListenerContainer<String, byte[]> commandRequestsContainer,
                                  CommandProperties properties, ObjectProvider<Clock> clock) {
        return new CommandStartup(book, replay, mqtt.getIfAvailable(), commandRequestsContainer,
                properties.lifecycle().tickInterval(), properties.mqtt().connectTimeout(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    CommandDesk commandDesk(CommandBook book, DeviceDirectory directory, CommandStartup startup,
                            KafkaCommandJournal journal, CommandMetrics metrics, ObjectProvider<Clock> clock) {
        return new CommandDesk(book, directory, startup::loaded, journal::flush, metrics,
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** Down while transitions wait for Kafka (they are in memory only); says whether MQTT is connected. */
    @Bean
    HealthIndicator commandDeliveryHealthIndicator(KafkaCommandJournal journal,
                                                   ObjectProvider<MqttCommandChannel> mqtt) {
        MqttCommandChannel channel = mqtt.getIfAvailable();
        return () -> {
            Health.Builder health = journal.behind() ? Health.down() : Health.up();
            health.withDetail("journalBacklog", journal.backlogSize());
            if (channel != null) {
                health.withDetail("mqttConnected", channel.connected());
            }
            return health.build();
        };
    }
}
