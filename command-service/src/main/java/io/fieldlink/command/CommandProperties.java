package io.fieldlink.command;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import io.fieldlink.command.lifecycle.LifecycleSettings;
import io.fieldlink.command.lifecycle.RetryPolicy;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Settings of the command service ({@code fieldlink.commands.*}); every key is documented in
 * {@code docs/commands.md}. Command delivery (MQTT, LwM2M) adds its own nested records here.
 *
 * @param registry  the device registry
 * @param lifecycle the command lifecycle, its journal and the requests consumer
 * @param api       limits of the commands API
 * @param mqtt      command delivery over MQTT
 * @param artifacts firmware and model artifacts in S3
 * @param lwm2m     the LwM2M server: registrations, commands over LwM2M, observations
 * @param rollouts  rollouts of artifacts to devices
 */
@Validated
@ConfigurationProperties("fieldlink.commands")
public record CommandProperties(@Valid Registry registry, @Valid Lifecycle lifecycle, @Valid Api api,
                                @Valid Mqtt mqtt, @Valid Artifacts artifacts, @Valid Lwm2m lwm2m,
                                @Valid Rollouts rollouts) {

    public CommandProperties {
        registry = registry == null ? Registry.defaults() : registry;
        lifecycle = lifecycle == null ? Lifecycle.defaults() : lifecycle;
        api = api == null ? Api.defaults() : api;
        mqtt = mqtt == null ? Mqtt.defaults() : mqtt;
        artifacts = artifacts == null ? Artifacts.defaults() : artifacts;
        lwm2m = lwm2m == null ? Lwm2m.defaults() : lwm2m;
        rollouts = rollouts == null ? Rollouts.defaults() : rollouts;
    }

    public static CommandProperties defaults() {
        return new CommandProperties(null, null, null, null, null, null, null);
    }

    /**
     * @param defaultTimeToLive time to live of a command requested without one, default 1h
     * @param ackTimeout        wait for the delivery ack of one attempt, default 30s
     * @param maxAttempts       sends in all, the first included, default 5
     * @param initialBackoff    wait before the second attempt, default 5s
     * @param backoffMultiplier growth of the wait per attempt, default 2.0
     * @param maxBackoff        longest wait between attempts, default 2m
     * @param retainedPerDevice finished commands kept per device, default 100
     * @param tickInterval      how often expiries, ack timeouts and retries are looked at, default 1s
     * @param publishTimeout    wait for Kafka's acknowledgement of a journal record ({@code iot.command-status.v1})
     *                          before it goes to the backlog, default 5s
     * @param loadTimeout       longest wait for Kafka while the journal is replayed at startup, default 30s
     * @param topicPartitions   partitions of {@code iot.command-status.v1} and {@code iot.commands.dlq.v1} when this
     *                          service creates them, default 6
     * @param consumerGroup     consumer group of the {@code iot.commands.v1} listener, default
     *                          {@code fieldlink-command-requests}
     */
    public record Lifecycle(
            Duration defaultTimeToLive,
            Duration ackTimeout,
            @Min(1) @Max(100) Integer maxAttempts,
            Duration initialBackoff,
            @DecimalMin("1.0") Double backoffMultiplier,
            Duration maxBackoff,
            @Min(1) @Max(100_000) Integer retainedPerDevice,
            Duration tickInterval,
            Duration publishTimeout,
            Duration loadTimeout,
            @Min(1) @Max(1000) Integer topicPartitions,
            @NotBlank String consumerGroup) {

        public Lifecycle {
            defaultTimeToLive = defaultTimeToLive == null ? Duration.ofHours(1) : defaultTimeToLive;
            ackTimeout = ackTimeout == null ? Duration.ofSeconds(30) : ackTimeout;
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
            backoffMultiplier = backoffMultiplier == null ? 2.0 : backoffMultiplier;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(2) : maxBackoff;
            retainedPerDevice = retainedPerDevice == null ? 100 : retainedPerDevice;
            tickInterval = tickInterval == null ? Duration.ofSeconds(1) : tickInterval;
            publishTimeout = publishTimeout == null ? Duration.ofSeconds(5) : publishTimeout;
            loadTimeout = loadTimeout == null ? Duration.ofSeconds(30) : loadTimeout;
            topicPartitions = topicPartitions == null ? 6 : topicPartitions;
            consumerGroup = consumerGroup == null ? "fieldlink-command-requests" : consumerGroup;
            if (tickInterval.isNegative() || tickInterval.isZero()) {
                throw new IllegalArgumentException("fieldlink.commands.lifecycle.tick-interval must be positive");
            }
            // fails the start on a bad combination (e.g. max-backoff below initial-backoff), naming the setting
            settings(defaultTimeToLive, ackTimeout, maxAttempts, initialBackoff, backoffMultiplier, maxBackoff,
                    retainedPerDevice);
        }

        public static Lifecycle defaults() {
            return new Lifecycle(null, null, null, null, null, null, null, null, null, null, null, null);
        }

        /** The settings of the lifecycle engine. */
        public LifecycleSettings toSettings() {
            return settings(defaultTimeToLive, ackTimeout, maxAttempts, initialBackoff, backoffMultiplier, maxBackoff,
                    retainedPerDevice);
        }

        private static LifecycleSettings settings(Duration ttl, Duration ack, int attempts, Duration initial,
                                                  double multiplier, Duration max, int retained) {
            try {
                return new LifecycleSettings(ttl, ack, new RetryPolicy(attempts, initial, multiplier, max), retained);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fieldlink.commands.lifecycle: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @param minTimeToLive       shortest {@code timeToLive} of a request, default 1s
     * @param maxTimeToLive       longest {@code timeToLive} of a request, default 1d (the journal keeps 7 days)
     * @param maxParameters       parameters per command, default 32
     * @param maxParameterLength  characters of one parameter value, default 1024
     * @param defaultListLimit    commands per device listing without {@code limit}, default 50
     * @param maxListLimit        largest {@code limit}, default 100 (no more are retained per device by default)
     */
    public record Api(
            Duration minTimeToLive,
            Duration maxTimeToLive,
            @Min(0) @Max(1000) Integer maxParameters,
            @Min(1) @Max(65_536) Integer maxParameterLength,
            @Min(1) @Max(100_000) Integer defaultListLimit,
            @Min(1) @Max(100_000) Integer maxListLimit) {

        public Api {
            minTimeToLive = minTimeToLive == null ? Duration.ofSeconds(1) : minTimeToLive;
            maxTimeToLive = maxTimeToLive == null ? Duration.ofDays(1) : maxTimeToLive;
            maxParameters = maxParameters == null ? 32 : maxParameters;
            maxParameterLength = maxParameterLength == null ? 1024 : maxParameterLength;
            defaultListLimit = defaultListLimit == null ? 50 : defaultListLimit;
            maxListLimit = maxListLimit == null ? 100 : maxListLimit;
        }

        public static Api defaults() {
            return new Api(null, null, null, null, null, null);
        }
    }

    /**
     * @param enabled        deliver commands over MQTT, default false (commands then fail: no transport)
     * @param url            the broker, default {@code tcp://localhost:1883}
     * @param clientId       MQTT client id; empty: {@code fieldlink-commands-<random>}
     * @param username       user name; empty: none
     * @param password       password; empty: none. Never logged ({@link #toString()} hides it)
     * @param topicPrefix    first level of the device topics, default {@code devices}
     * @param connectTimeout longest wait for one connection attempt, default 10s
     */
    public record Mqtt(
            Boolean enabled,
            @NotBlank String url,
            String clientId,
            String username,
            String password,
            @NotBlank String topicPrefix,
            Duration connectTimeout) {

        public Mqtt {
            enabled = enabled != null && enabled;
            url = url == null ? "tcp://localhost:1883" : url;
            clientId = clientId == null ? "" : clientId;
            username = username == null ? "" : username;
            password = password == null ? "" : password;
            topicPrefix = topicPrefix == null ? "devices" : topicPrefix;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        }

        public static Mqtt defaults() {
            return new Mqtt(null, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Mqtt[enabled=" + enabled + ", url=" + url + ", clientId=" + clientId + ", username=" + username
                    + ", password=" + (password.isEmpty() ? "" : "***") + ", topicPrefix=" + topicPrefix
                    + ", connectTimeout=" + connectTimeout + "]";
        }
    }

    /**
     * @param lastSeenWriteInterval how often at most a device's last-seen time is written to {@code iot.devices.v1}
     *                              (readings in between only update memory), default 1m
     * @param onlineWindow          a device is online when it was seen within this window, default 5m
     * @param publishTimeout        how long a registry write waits for Kafka's acknowledgement before the API
     *                              answers 503, default 5s
     * @param loadTimeout           longest wait for Kafka while the registry is read back at startup; the load is
     *                              retried after it, default 30s
     * @param topicPartitions       partitions of {@code iot.devices.v1} when this service creates it, default 6
     * @param consumerGroup         consumer group of the telemetry listener, default {@code fieldlink-command-registry}
     * @param defaultPageSize       devices per page of {@code GET /v1/devices} without {@code limit}, default 100
     * @param maxPageSize           largest {@code limit}, default 1000
     * @param maxTags               tags per device, default 32
     * @param maxGroups             groups per device, default 32
     * @param maxMetadataEntries    metadata entries per device, default 64
     * @param maxMetadataValueLength characters of one metadata value, default 256
     * @param maxDisplayNameLength  characters of a display name, default 128
     */
    public record Registry(
            Duration lastSeenWriteInterval,
            Duration onlineWindow,
            Duration publishTimeout,
            Duration loadTimeout,
            @Min(1) @Max(1000) Integer topicPartitions,
            @NotBlank String consumerGroup,
            @Min(1) @Max(10_000) Integer defaultPageSize,
            @Min(1) @Max(10_000) Integer maxPageSize,
            @Min(0) @Max(1000) Integer maxTags,
            @Min(0) @Max(1000) Integer maxGroups,
            @Min(0) @Max(10_000) Integer maxMetadataEntries,
            @Min(1) @Max(65_536) Integer maxMetadataValueLength,
            @Min(1) @Max(4096) Integer maxDisplayNameLength) {

        public Registry {
            lastSeenWriteInterval = lastSeenWriteInterval == null ? Duration.ofMinutes(1) : lastSeenWriteInterval;
            onlineWindow = onlineWindow == null ? Duration.ofMinutes(5) : onlineWindow;
            publishTimeout = publishTimeout == null ? Duration.ofSeconds(5) : publishTimeout;
            loadTimeout = loadTimeout == null ? Duration.ofSeconds(30) : loadTimeout;
            topicPartitions = topicPartitions == null ? 6 : topicPartitions;
            consumerGroup = consumerGroup == null ? "fieldlink-command-registry" : consumerGroup;
            defaultPageSize = defaultPageSize == null ? 100 : defaultPageSize;
            maxPageSize = maxPageSize == null ? 1000 : maxPageSize;
            maxTags = maxTags == null ? 32 : maxTags;
            maxGroups = maxGroups == null ? 32 : maxGroups;
            maxMetadataEntries = maxMetadataEntries == null ? 64 : maxMetadataEntries;
            maxMetadataValueLength = maxMetadataValueLength == null ? 256 : maxMetadataValueLength;
            maxDisplayNameLength = maxDisplayNameLength == null ? 128 : maxDisplayNameLength;
        }

        public static Registry defaults() {
            return new Registry(null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * @param endpoint      S3 endpoint, e.g. {@code http://127.0.0.1:9000} for a local S3; empty: AWS S3 of the region
     * @param region        region of the bucket (and of the signatures), default {@code us-east-1}
     * @param bucket        bucket of the artifacts, default {@code fieldlink-artifacts}
     * @param pathStyleAccess {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key} (S3Proxy, MinIO),
     *                      default false
     * @param accessKey     access key; empty: the AWS default credentials provider chain
     * @param secretKey     secret key (with {@code accessKey}). Never logged ({@link #toString()} hides it)
     * @param maxSize       largest artifact, default 512MB
     * @param urlExpiry     lifetime of a presigned download URL, 1s to 7d (the SigV4 limit), default 15m
     * @param createBucket  create the bucket at startup when it is absent (local and test setups), default false
     * @param maxListed     newest artifacts in {@code GET /v1/artifacts}, default 100
     */
    public record Artifacts(
            String endpoint,
            @NotBlank String region,
            @NotBlank String bucket,
            Boolean pathStyleAccess,
            String accessKey,
            String secretKey,
            DataSize maxSize,
            Duration urlExpiry,
            Boolean createBucket,
            @Min(1) @Max(10_000) Integer maxListed) {

        /** The longest expiry of a SigV4 presigned URL. */
        public static final Duration MAX_URL_EXPIRY = Duration.ofDays(7);

        public Artifacts {
            endpoint = endpoint == null ? "" : endpoint.strip();
            region = region == null ? "us-east-1" : region;
            bucket = bucket == null ? "fieldlink-artifacts" : bucket;
            pathStyleAccess = pathStyleAccess != null && pathStyleAccess;
            accessKey = accessKey == null ? "" : accessKey;
            secretKey = secretKey == null ? "" : secretKey;
            maxSize = maxSize == null ? DataSize.ofMegabytes(512) : maxSize;
            urlExpiry = urlExpiry == null ? Duration.ofMinutes(15) : urlExpiry;
            createBucket = createBucket != null && createBucket;
            maxListed = maxListed == null ? 100 : maxListed;
            if (maxSize.toBytes() < 1) {
                throw new IllegalArgumentException("fieldlink.commands.artifacts.max-size must be positive");
            }
            if (urlExpiry.compareTo(Duration.ofSeconds(1)) < 0 || urlExpiry.compareTo(MAX_URL_EXPIRY) > 0) {
                throw new IllegalArgumentException("fieldlink.commands.artifacts.url-expiry must be 1s to 7d, not "
                        + urlExpiry);
            }
            if (accessKey.isEmpty() != secretKey.isEmpty()) {
                throw new IllegalArgumentException(
                        "fieldlink.commands.artifacts.access-key and secret-key are set together or not at all");
            }
        }

        public static Artifacts defaults() {
            return new Artifacts(null, null, null, null, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Artifacts[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                    + ", pathStyleAccess=" + pathStyleAccess + ", accessKey=" + accessKey
                    + ", secretKey=" + (secretKey.isEmpty() ? "" : "***") + ", maxSize=" + maxSize
                    + ", urlExpiry=" + urlExpiry + ", createBucket=" + createBucket + ", maxListed=" + maxListed + "]";
        }
    }

    /**
     * @param enabled         run the LwM2M server, default false
     * @param bindAddress     address of both endpoints, default {@code 0.0.0.0}
     * @param coapPort        plain CoAP (UDP) port, default 5683; 0 picks a free one (tests)
     * @param coapsPort       DTLS (PSK) port, default 5684; 0 picks a free one; -1 turns DTLS off
     * @param allowPlainCoap  accept registrations over plain CoAP from endpoints without a key, default false
     *                        (secure by default: every device then needs a PSK over DTLS)
     * @param pskMasterKey    hex; when set, an endpoint without its own key has HMAC-SHA256(master, endpoint name)
     *                        as its PSK (identity = endpoint name). Never logged
     * @param clients         endpoints configured one by one: tenant and/or an own PSK
     * @param defaultTenant   tenant of an endpoint neither configured nor in the registry; empty: such an endpoint
     *                        is refused
     * @param requestTimeout  wait for a device's answer to one request (read, write, execute), default 5s
     * @param observe         LwM2M paths observed on every registered device that has them, with the measurement
     *                        name their values get as telemetry; default {@code /3303/0/5700 -> temperature}
     * @param observationPublishTimeout wait for Kafka's acknowledgement of an observation, default 5s
     */
    public record Lwm2m(
            Boolean enabled,
            @NotBlank String bindAddress,
            @Min(0) @Max(65_535) Integer coapPort,
            @Min(-1) @Max(65_535) Integer coapsPort,
            Boolean allowPlainCoap,
            String pskMasterKey,
            java.util.List<@Valid Lwm2mClient> clients,
            String defaultTenant,
            Duration requestTimeout,
            java.util.Map<String, String> observe,
            Duration observationPublishTimeout) {

        public Lwm2m {
            enabled = enabled != null && enabled;
            bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
            coapPort = coapPort == null ? 5683 : coapPort;
            coapsPort = coapsPort == null ? 5684 : coapsPort;
            allowPlainCoap = allowPlainCoap != null && allowPlainCoap;
            pskMasterKey = pskMasterKey == null ? "" : pskMasterKey.strip();
            clients = clients == null ? java.util.List.of() : java.util.List.copyOf(clients);
            defaultTenant = defaultTenant == null ? "" : defaultTenant.strip();
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
            observe = observe == null ? java.util.Map.of("/3303/0/5700", "temperature")
                    : java.util.Map.copyOf(observe);
            observationPublishTimeout = observationPublishTimeout == null ? Duration.ofSeconds(5)
                    : observationPublishTimeout;
            if (!pskMasterKey.isEmpty() && !pskMasterKey.matches("(?:[0-9a-fA-F]{2}){16,64}")) {
                throw new IllegalArgumentException(
                        "fieldlink.commands.lwm2m.psk-master-key must be 16 to 64 bytes in hex");
            }
        }

        public static Lwm2m defaults() {
            return new Lwm2m(null, null, null, null, null, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Lwm2m[enabled=" + enabled + ", bindAddress=" + bindAddress + ", coapPort=" + coapPort
                    + ", coapsPort=" + coapsPort + ", allowPlainCoap=" + allowPlainCoap + ", pskMasterKey="
                    + (pskMasterKey.isEmpty() ? "" : "***") + ", clients=" + clients + ", defaultTenant="
                    + defaultTenant + ", requestTimeout=" + requestTimeout + ", observe=" + observe + "]";
        }
    }

    /**
     * One configured LwM2M endpoint.
     *
     * @param endpoint the endpoint name (= device id)
     * @param tenant   its tenant; empty: the registry's, else {@code default-tenant}
     * @param pskKey   its own PSK in hex (identity = endpoint name); empty: derived from the master key, if any.
     *                 Never logged
     */
    public record Lwm2mClient(@NotBlank String endpoint, String tenant, String pskKey) {

        public Lwm2mClient {
            tenant = tenant == null ? "" : tenant.strip();
            pskKey = pskKey == null ? "" : pskKey.strip();
            if (!pskKey.isEmpty() && !pskKey.matches("(?:[0-9a-fA-F]{2}){4,64}")) {
                throw new IllegalArgumentException("the psk-key of LwM2M endpoint " + endpoint
                        + " must be 4 to 64 bytes in hex");
            }
        }

        @Override
        public String toString() {
            return "Lwm2mClient[endpoint=" + endpoint + ", tenant=" + tenant + ", pskKey="
                    + (pskKey.isEmpty() ? "" : "***") + "]";
        }
    }

    /**
     * @param urlExpiry        lifetime of a device's presigned URL and time to live of its command when the request
     *                         names none, 1s to 7d (the SigV4 limit), default 15m
     * @param defaultBatchSize devices per batch without {@code batchSize}, default 10
     * @param maxDevices       devices per rollout, default 1000 (one record on {@code iot.rollouts.v1} holds them all)
     * @param publishTimeout   wait for Kafka's acknowledgement of a rollout record, default 5s
     * @param loadTimeout      longest wait for Kafka while the rollouts are read back at startup, default 30s
     * @param topicPartitions  partitions of {@code iot.rollouts.v1} when this service creates it, default 6
     * @param defaultListLimit rollouts in {@code GET /v1/rollouts} without {@code limit}, default 50
     * @param maxListLimit     largest {@code limit}, default 500
     */
    public record Rollouts(
            Duration urlExpiry,
            @Min(1) @Max(10_000) Integer defaultBatchSize,
            @Min(1) @Max(10_000) Integer maxDevices,
            Duration publishTimeout,
            Duration loadTimeout,
            @Min(1) @Max(1000) Integer topicPartitions,
            @Min(1) @Max(10_000) Integer defaultListLimit,
            @Min(1) @Max(10_000) Integer maxListLimit) {

        public Rollouts {
            urlExpiry = urlExpiry == null ? Duration.ofMinutes(15) : urlExpiry;
            defaultBatchSize = defaultBatchSize == null ? 10 : defaultBatchSize;
            maxDevices = maxDevices == null ? 1000 : maxDevices;
            publishTimeout = publishTimeout == null ? Duration.ofSeconds(5) : publishTimeout;
            loadTimeout = loadTimeout == null ? Duration.ofSeconds(30) : loadTimeout;
            topicPartitions = topicPartitions == null ? 6 : topicPartitions;
            defaultListLimit = defaultListLimit == null ? 50 : defaultListLimit;
            maxListLimit = maxListLimit == null ? 500 : maxListLimit;
            if (urlExpiry.compareTo(Duration.ofSeconds(1)) < 0 || urlExpiry.compareTo(Artifacts.MAX_URL_EXPIRY) > 0) {
                throw new IllegalArgumentException("fieldlink.commands.rollouts.url-expiry must be 1s to 7d");
            }
        }

        public static Rollouts defaults() {
            return new Rollouts(null, null, null, null, null, null, null, null);
        }
    }
}
