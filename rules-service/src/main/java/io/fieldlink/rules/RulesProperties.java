package io.fieldlink.rules;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the rules service ({@code fieldlink.rules.*}); every limit is documented in {@code docs/rules.md}.
 *
 * @param streams       the Kafka Streams app that evaluates rules
 * @param limits        sizes of rules and counts per tenant
 * @param webhook       outbound webhook delivery
 * @param email         outbound email
 * @param dashboardUrl  base URL of the dashboard, for links in notifications
 */
@Validated
@ConfigurationProperties("fieldlink.rules")
public record RulesProperties(
        @Valid Streams streams,
        @Valid Limits limits,
        @Valid Webhook webhook,
        @Valid Email email,
        URI dashboardUrl) {

    public RulesProperties {
        streams = streams == null ? new Streams(null, null, null, null, null, null, null, null, null, null, null) : streams;
        limits = limits == null ? new Limits(null, null, null, null, null) : limits;
        webhook = webhook == null ? new Webhook(null, null, null, null, null, null, null, null) : webhook;
        email = email == null ? new Email(null, null, null, null, null, null, null, null, null) : email;
        dashboardUrl = dashboardUrl == null ? URI.create("http://localhost:8080/") : dashboardUrl;
    }

    public static RulesProperties defaults() {
        return new RulesProperties(null, null, null, null, null);
    }

    /**
     * @param applicationId     Kafka Streams application id (consumer group and prefix of internal topics)
     * @param stateDir          where the state stores live; default {@code ${java.io.tmpdir}/fieldlink-rules-streams}
     * @param commitInterval    commit interval (with exactly-once, also how long outputs wait), default 50ms
     * @param threads           stream threads, default 1
     * @param replicationFactor replication of internal topics; -1 takes the broker default
     * @param punctuateInterval how often no-data and reminders are checked on the wall clock, default 1s
     * @param cacheMaxBytes     record cache of the state stores (statestore.cache.max.bytes), default 10 MiB;
     *                          0 writes every store update through at once
     * @param topicPartitions   partitions of the topics created at startup when absent; telemetry and acknowledge
     *                          requests must have the same count (co-partitioned), default 6 like ingest's
     * @param storeWait         how long a read of a global store waits while the app is starting, default 2s
     * @param properties        further Kafka Streams / client properties (security, timeouts), e.g.
     *                          {@code main.consumer.session.timeout.ms}; the settings above and
     *                          {@code processing.guarantee=exactly_once_v2} take precedence
     * @param stateCacheDevices devices per task whose rule states the evaluator keeps as objects in front of the
     *                          state store (least recently read dropped first), default 10,000
     */
    public record Streams(
            @NotBlank String applicationId,
            Path stateDir,
            Duration commitInterval,
            @Min(1) @Max(64) Integer threads,
            @Min(-1) @Max(10) Integer replicationFactor,
            Duration punctuateInterval,
            @Min(0) Long cacheMaxBytes,
            @Min(1) @Max(1000) Integer topicPartitions,
            Duration storeWait,
            java.util.Map<String, String> properties,
            @Min(1) Integer stateCacheDevices) {

        public Streams {
            applicationId = applicationId == null ? "fieldlink-rules" : applicationId;
            stateDir = stateDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "fieldlink-rules-streams") : stateDir;
            commitInterval = commitInterval == null ? Duration.ofMillis(50) : commitInterval;
            threads = threads == null ? 1 : threads;
            replicationFactor = replicationFactor == null ? -1 : replicationFactor;
            punctuateInterval = punctuateInterval == null ? Duration.ofSeconds(1) : punctuateInterval;
            cacheMaxBytes = cacheMaxBytes == null ? 10L * 1024 * 1024 : cacheMaxBytes;
            topicPartitions = topicPartitions == null ? 6 : topicPartitions;
            storeWait = storeWait == null ? Duration.ofSeconds(2) : storeWait;
            properties = properties == null ? java.util.Map.of() : java.util.Map.copyOf(properties);
            stateCacheDevices = stateCacheDevices == null ? 10_000 : stateCacheDevices;
        }
    }

    /**
     * @param maxRulesPerTenant   rules a tenant may have, default 5,000
     * @param maxConditions       leaf conditions in one rule (condition + clear), default 16
     * @param maxDepth            nesting depth of allOf/anyOf, default 3
     * @param writeVisibleTimeout how long a rule write waits until the evaluator's table shows it, default 5s
     * @param publishTimeout      how long an API write (rule, alert acknowledgement) waits for Kafka's
     *                            acknowledgement before answering 503, default 5s
     */
    public record Limits(
            @Min(1) Integer maxRulesPerTenant,
            @Min(1) @Max(256) Integer maxConditions,
            @Min(1) @Max(10) Integer maxDepth,
            Duration writeVisibleTimeout,
            Duration publishTimeout) {

        @ConstructorBinding
        public Limits {
            maxRulesPerTenant = maxRulesPerTenant == null ? 5_000 : maxRulesPerTenant;
            maxConditions = maxConditions == null ? 16 : maxConditions;
            maxDepth = maxDepth == null ? 3 : maxDepth;
            writeVisibleTimeout = writeVisibleTimeout == null ? Duration.ofSeconds(5) : writeVisibleTimeout;
            publishTimeout = publishTimeout == null ? Duration.ofSeconds(5) : publishTimeout;
        }

        /** The limits before {@code publishTimeout} existed (kept so other callers compile unchanged). */
        public Limits(Integer maxRulesPerTenant, Integer maxConditions, Integer maxDepth, Duration writeVisibleTimeout) {
            this(maxRulesPerTenant, maxConditions, maxDepth, writeVisibleTimeout, null);
        }
    }

    /**
     * @param timeout          connect + response timeout of one attempt, default 5s
     * @param maxAttempts      attempts before the dead-letter topic, default 5
     * @param initialBackoff   wait before the second attempt, default 1s
     * @param multiplier       backoff growth per attempt, default 2
     * @param maxBackoff       longest wait between attempts, default 30s
     * @param allowedAddresses hosts or CIDR ranges that may be called although private, loopback or link-local
     *                         (e.g. {@code 127.0.0.1/32}, {@code 10.0.0.0/8}); empty by default
     * @param maxBodySize      largest webhook body sent, in bytes, default 64KB
     * @param consumers        concurrent consumers of the alert topic, each sending its share of the partitions
     *                         in order (events of one device stay in order), default 4; one sender in a row at
     *                         100 webhooks/s queued them (docs/benchmarks.md)
     */
    public record Webhook(
            Duration timeout,
            @Min(1) @Max(20) Integer maxAttempts,
            Duration initialBackoff,
            Double multiplier,
            Duration maxBackoff,
            List<String> allowedAddresses,
            @Min(1024) Integer maxBodySize,
            @Min(1) @Max(64) Integer consumers) {

        public Webhook {
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
            allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
            maxBodySize = maxBodySize == null ? 64 * 1024 : maxBodySize;
            consumers = consumers == null ? 4 : consumers;
        }
    }

    /**
     * @param enabled         send alert emails (needs {@code spring.mail.host}), default true
     * @param from            sender address, default {@code fieldlink@localhost}
     * @param defaultLanguage {@code ja} or {@code en} when a rule does not say, default {@code ja}
     * @param timeout         SMTP connect, read and write time-out each, default 10s (an explicit
     *                        {@code spring.mail.properties.mail.smtp.*timeout} wins)
     * @param maxAttempts     attempts before the dead-letter topic, default 5
     * @param initialBackoff  wait before the second attempt, default 1s
     * @param multiplier      backoff growth per attempt, default 2
     * @param maxBackoff      longest wait between attempts, default 30s
     * @param consumers       concurrent consumers of the alert topic (as for webhooks), default 2
     */
    public record Email(
            Boolean enabled,
            String from,
            String defaultLanguage,
            Duration timeout,
            @Min(1) @Max(20) Integer maxAttempts,
            Duration initialBackoff,
            Double multiplier,
            Duration maxBackoff,
            @Min(1) @Max(64) Integer consumers) {

        public Email {
            enabled = enabled == null || enabled;
            from = from == null ? "fieldlink@localhost" : from;
            defaultLanguage = defaultLanguage == null ? "ja" : defaultLanguage;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
            consumers = consumers == null ? 2 : consumers;
        }
    }
}
