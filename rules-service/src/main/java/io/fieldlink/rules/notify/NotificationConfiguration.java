package io.fieldlink.rules.notify;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.definition.RuleCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Wiring of the notifiers: one listener container per channel on {@code iot.alerts.v1}, each in its own consumer
 * group with its own retry schedule ({@link DefaultErrorHandler} with an exponential back-off) and dead-letter
 * recoverer to {@code iot.notifications.dlq.v1}.
 *
 * <p>The rules are read through the {@link RuleCatalog} that the Streams part provides; without one (or without a
 * mail sender for email) the container is created but not started, and a warning says so.
 */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

    /** Records per poll: each can take a full attempt, and the poll interval must cover them all. */
    static final int MAX_POLL_RECORDS = 10;

    /** Kafka's default {@code max.poll.interval.ms}. */
    private static final int DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    /** Head room on top of the computed worst case (rebalances, GC, slow commits). */
    private static final Duration POLL_INTERVAL_MARGIN = Duration.ofSeconds(30);

    @Bean
    NewTopic notificationsDeadLetterTopic() {
        return TopicBuilder.name(Topics.NOTIFICATIONS_DLQ.name()).build();
    }

    /** Public, so the rules API validates webhook URLs with the same policy as the sender. */
    @Bean
    WebhookAddressPolicy webhookAddressPolicy(RulesProperties properties) {
        return new WebhookAddressPolicy(properties.webhook().allowedAddresses());
    }

    /** The policy as the rules API's validator asks it: a rule with a refused webhook address is a 400. */
    @Bean
    java.util.function.Function<java.net.URI, java.util.Optional<String>> webhookAddressCheck(WebhookAddressPolicy policy) {
        return policy::refusal;
    }

    @Bean
    DefaultKafkaProducerFactory<Object, Object> notificationDeadLetterProducerFactory(KafkaProperties kafka) {
        Map<String, Object> properties = new HashMap<>(kafka.buildProducerProperties());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "fieldlink-rules-notifications-dlq");
        return new DefaultKafkaProducerFactory<>(properties, new PassThroughSerializer(), new PassThroughSerializer());
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> webhookNotifications(ObjectProvider<RuleCatalog> catalog,
            RulesProperties properties, WebhookAddressPolicy policy, KafkaProperties kafka,
            DefaultKafkaProducerFactory<Object, Object> deadLetterProducers, MeterRegistry meters) {
        RulesProperties.Webhook webhook = properties.webhook();
        NotificationMetrics metrics = new NotificationMetrics(meters, Channel.WEBHOOK);
        RetrySchedule retry = new RetrySchedule(webhook.maxAttempts(), webhook.initialBackoff(), webhook.multiplier(),
                webhook.maxBackoff(), webhook.timeout());
        RuleCatalog rules = catalog.getIfAvailable();
        WebhookNotifier notifier = new WebhookNotifier(rules, metrics, policy,
                WebhookNotifier.httpClient(webhook.timeout()), webhook.timeout(), webhook.maxBodySize(),
                new DashboardLinks(properties.dashboardUrl()), Clock.systemUTC());
        var container = container(Channel.WEBHOOK, notifier, retry, kafka, deadLetterProducers, metrics);
        container.setConcurrency(webhook.consumers());
        startOnlyWith(Channel.WEBHOOK, container, rules, "no RuleCatalog bean");
        return container;
    }

    @Bean
    @ConditionalOnProperty(name = "fieldlink.rules.email.enabled", havingValue = "true", matchIfMissing = true)
    ConcurrentMessageListenerContainer<String, byte[]> emailNotifications(ObjectProvider<RuleCatalog> catalog,
            ObjectProvider<JavaMailSender> mailSender, RulesProperties properties, KafkaProperties kafka,
            DefaultKafkaProducerFactory<Object, Object> deadLetterProducers, MeterRegistry meters) {
        RulesProperties.Email email = properties.email();
        NotificationMetrics metrics = new NotificationMetrics(meters, Channel.EMAIL);
        // connect, read and write each have the time-out: one attempt may take all three
        RetrySchedule retry = new RetrySchedule(email.maxAttempts(), email.initialBackoff(), email.multiplier(),
                email.maxBackoff(), email.timeout().multipliedBy(3));
        RuleCatalog rules = catalog.getIfAvailable();
        JavaMailSender sender = mailSender.getIfAvailable();
        applyTimeouts(sender, email.timeout());
        EmailNotifier notifier = new EmailNotifier(rules, metrics, sender,
                new AlertEmailComposer(new DashboardLinks(properties.dashboardUrl())), email.from(),
                email.defaultLanguage());
        var container = container(Channel.EMAIL, notifier, retry, kafka, deadLetterProducers, metrics);
        container.setConcurrency(email.consumers());
        startOnlyWith(Channel.EMAIL, container, rules, "no RuleCatalog bean");
        startOnlyWith(Channel.EMAIL, container, sender,
                "no mail sender (set spring.mail.host, or fieldlink.rules.email.enabled=false)");
        return container;
    }

    private static ConcurrentMessageListenerContainer<String, byte[]> container(Channel channel, AlertNotifier notifier,
            RetrySchedule retry, KafkaProperties kafka, DefaultKafkaProducerFactory<Object, Object> deadLetterProducers,
            NotificationMetrics metrics) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, channel.consumerGroup());
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, channel.consumerGroup());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // alert events are written in transactions and read committed: a fetch that finds only uncommitted data
        // may wait up to fetch.max.wait.ms (500 ms by default) before the commit makes it visible; a short wait
        // bounds that at the cost of a few more empty fetches (the benchmark showed no measurable change at 200/s)
        consumer.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumer.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollInterval(channel, retry, consumer));
        var consumers = new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(),
                new ByteArrayDeserializer());

        ContainerProperties containerProperties = new ContainerProperties(Topics.ALERTS.name());
        containerProperties.setMessageListener(notifier);
        // the listener reads the attempt number from the record, for "... after 5 attempts"
        containerProperties.setDeliveryAttemptHeader(true);
        // commit once per poll (at most MAX_POLL_RECORDS notifications): a commit per record is a broker round
        // trip per notification, which capped a channel at a few dozen notifications a second and queued the rest
        // (seconds of latency under load); a rebalance repeats at most one poll's worth, which receivers drop by
        // the event id (Fieldlink-Event-Id)
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);

        DefaultErrorHandler errorHandler = new DefaultErrorHandler(
                new NotificationDeadLetters(new KafkaTemplate<>(deadLetterProducers), channel, metrics),
                retry.backOff());
        errorHandler.addNotRetryableExceptions(NotificationFailure.Permanent.class);
        // the notifier logs each failed attempt without the record; the container would log it at ERROR
        errorHandler.setLogLevel(KafkaException.Level.DEBUG);

        var container = new ConcurrentMessageListenerContainer<>(consumers, containerProperties);
        container.setCommonErrorHandler(errorHandler);
        return container;
    }

    /**
     * {@code max.poll.interval.ms}, raised above the worst case of {@link RetrySchedule#worstCaseBetweenPolls} when
     * the configured (or Kafka's default) value is too small; otherwise a record that keeps failing would get the
     * consumer thrown out of the group and start its retries again elsewhere.
     */
    static int maxPollInterval(Channel channel, RetrySchedule retry, Map<String, Object> consumer) {
        Object configured = consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        int current = configured == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Integer.parseInt(configured.toString());
        long needed = retry.worstCaseBetweenPolls(MAX_POLL_RECORDS).plus(POLL_INTERVAL_MARGIN).toMillis();
        if (current >= needed) {
            return current;
        }
        log.info("Raising max.poll.interval.ms of the {} notifier from {} to {} ms to cover its retries",
                channel.wireName(), current, needed);
        return (int) Math.min(Integer.MAX_VALUE, needed);
    }

    private static void startOnlyWith(Channel channel, ConcurrentMessageListenerContainer<?, ?> container,
            Object dependency, String missing) {
        if (dependency == null) {
            log.warn("{} notifications are off: {}", channel.wireName(), missing);
            container.setAutoStartup(false);
        }
    }

    /** SMTP time-outs (JavaMail waits forever by default); explicit {@code spring.mail.properties} win. */
    private static void applyTimeouts(JavaMailSender sender, Duration timeout) {
        if (sender instanceof JavaMailSenderImpl impl) {
            String millis = Long.toString(timeout.toMillis());
            impl.getJavaMailProperties().putIfAbsent("mail.smtp.connectiontimeout", millis);
            impl.getJavaMailProperties().putIfAbsent("mail.smtp.timeout", millis);
            impl.getJavaMailProperties().putIfAbsent("mail.smtp.writetimeout", millis);
        }
    }

    /** Raw bytes as they are (the original value), strings as UTF-8, anything else as contract JSON. */
    static final class PassThroughSerializer implements Serializer<Object> {

        @Override
        public byte[] serialize(String topic, Object data) {
            return switch (data) {
                case null -> null;
                case byte[] bytes -> bytes;
                case String text -> text.getBytes(StandardCharsets.UTF_8);
                default -> ContractJson.write(data);
            };
        }
    }
}
