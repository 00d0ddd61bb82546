package io.fieldlink.ingest;

import io.fieldlink.ingest.mqtt.MqttTopicScheme;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the ingest edge ({@code fieldlink.ingest.*}). No credentials and no tokens are
 * configured by default: then every request is answered 401. Described in {@code docs/ingest.md}.
 *
 * @param beam            SORACOM Beam signature checking for {@code POST /v1/telemetry}
 * @param funnel          tenant ingest tokens for {@code POST /v1/funnel}
 * @param maxBodySize     largest request body accepted (enforced while reading), default 64KB
 * @param publishTimeout  longest wait for Kafka's acknowledgement before answering 503, default 5s;
 *                        the producer's own delivery timeout is derived from it
 * @param topicPartitions partitions of {@code iot.telemetry.v1} when this service creates it, default 6
 * @param timestampField  top-level payload field holding the device's own timestamp, default {@code timestamp}
 * @param batch           {@code POST /v1/telemetry/batch}: items per batch and body size
 * @param rateLimit       per-device token bucket applied to every reading of every entry point
 * @param maxInFlight     records awaiting Kafka's acknowledgement across all entry points; above it
 *                        new readings are answered 503 {@code overloaded}, default 10,000
 * @param binary          binary payload formats and which devices use which
 * @param beamTcp         the Beam TCP entry point (raw socket, Beam's signed header line), off by default
 * @param harvest         the Harvest-style UDP/TCP entry point (port 8514), off by default
 * @param mqtt            MQTT ingest (off by default: HTTP-only deployments need no broker)
 * @param lwm2m           LwM2M observations relayed by command-service, off by default
 */
@Validated
@ConfigurationProperties("fieldlink.ingest")
public record IngestProperties(
        @Valid Beam beam,
        @Valid Funnel funnel,
        DataSize maxBodySize,
        Duration publishTimeout,
        @Min(1) @Max(1000) Integer topicPartitions,
        @NotBlank String timestampField,
        @Valid Batch batch,
        @Valid RateLimit rateLimit,
        @Min(1) @Max(1_000_000) Integer maxInFlight,
        @Valid Binary binary,
        @Valid BeamTcp beamTcp,
        @Valid Harvest harvest,
        @Valid Mqtt mqtt,
        @Valid Lwm2m lwm2m) {

    public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofKilobytes(64);
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    public IngestProperties {
        beam = beam == null ? new Beam(null, null) : beam;
        funnel = funnel == null ? new Funnel(null) : funnel;
        maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
        publishTimeout = publishTimeout == null ? DEFAULT_PUBLISH_TIMEOUT : publishTimeout;
        topicPartitions = topicPartitions == null ? 6 : topicPartitions;
        timestampField = timestampField == null ? "timestamp" : timestampField;
        batch = batch == null ? new Batch(null, null) : batch;
        rateLimit = rateLimit == null ? new RateLimit(null, null, null, null, null) : rateLimit;
        maxInFlight = maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
        binary = binary == null ? new Binary(null, null, null, null) : binary;
        beamTcp = beamTcp == null ? new BeamTcp(false, null, null, null, null, null, null) : beamTcp;
        harvest = harvest == null ? new Harvest(null, null, null, null, null, null, null) : harvest;
        mqtt = mqtt == null ? Mqtt.defaults() : mqtt;
        lwm2m = lwm2m == null ? new Lwm2m(null, null) : lwm2m;
    }

    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

    /** Defaults only; what a service gets with nothing configured. */
    public static IngestProperties defaults() {
        return new IngestProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A full batch must fit into the in-flight limit, or it could never be published. */
    @AssertTrue(message = "max-in-flight must be at least batch.max-items")
    public boolean isMaxInFlightAtLeastOneBatch() {
        return maxInFlight >= batch.maxItems();
    }

    /** A full batch must fit into a device's bucket, or it would be refused forever. */
    @AssertTrue(message = "rate-limit.capacity must be at least batch.max-items")
    public boolean isRateLimitCapacityAtLeastOneBatch() {
        return !rateLimit.enabled() || rateLimit.capacity() >= batch.maxItems();
    }

    @AssertTrue(message = "max-body-size must be between 1KB and 10MB")
    public boolean isMaxBodySizeInRange() {
        return maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= 10L * 1024 * 1024;
    }

    @AssertTrue(message = "publish-timeout must be between 1s and 60s")
    public boolean isPublishTimeoutInRange() {
        return publishTimeout.compareTo(Duration.ofSeconds(1)) >= 0 && publishTimeout.compareTo(Duration.ofSeconds(60)) <= 0;
    }

    /**
     * @param maxSkew     largest accepted difference between {@code x-soracom-timestamp} and this
     *                    server's clock, in either direction, default 5m
     * @param credentials pre-shared keys, each bound to one tenant; every one is tried
     */
    public record Beam(Duration maxSkew, @Valid List<BeamCredential> credentials) {

        public Beam {
            maxSkew = maxSkew == null ? Duration.ofMinutes(5) : maxSkew;
            credentials = credentials == null ? List.of() : List.copyOf(credentials);
        }

        @AssertTrue(message = "max-skew must be between 1s and 1h")
        public boolean isMaxSkewInRange() {
            return maxSkew.compareTo(Duration.ofSeconds(1)) >= 0 && maxSkew.compareTo(Duration.ofHours(1)) <= 0;
        }
    }

    /**
     * One Beam PSK credential (a Beam group's "credentials set").
     *
     * @param id          name shown in logs instead of the key
     * @param tenant      operator id the devices signing with this key belong to
     * @param psk         the current pre-shared key (up to 4,096 characters)
     * @param previousPsk the key being rotated out, still accepted; empty when no rotation is running
     */
    public record BeamCredential(@NotBlank String id,
                                 @NotBlank String tenant,
                                 @NotBlank @Size(max = 4096) String psk,
                                 @Size(max = 4096) String previousPsk) {

        /** Never prints the keys (records print every component by default). */
        @Override
        public String toString() {
            return "BeamCredential[id=" + id + ", tenant=" + tenant + ", psk=****"
                    + (previousPsk == null || previousPsk.isEmpty() ? "" : ", previousPsk=****") + "]";
        }
    }

    /**
     * @param maxItems    readings one batch may hold; more is a 413 {@code too-many-items}, default 500
     * @param maxBodySize largest batch body (enforced while reading), 1KB..10MB, default 1MB
     */
    public record Batch(@Min(1) @Max(10_000) Integer maxItems, DataSize maxBodySize) {

        public Batch {
            maxItems = maxItems == null ? 500 : maxItems;
            maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        }

        @AssertTrue(message = "batch.max-body-size must be between 1KB and 10MB")
        public boolean isMaxBodySizeInRange() {
            return maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= 10L * 1024 * 1024;
        }
    }

    /**
     * Per-device token bucket (Bucket4j, greedy refill): every reading costs one token, a batch as
     * many as it has valid items. A device without tokens is answered 429 {@code rate-limited}.
     *
     * @param enabled      default true
     * @param capacity     burst: tokens a full bucket holds, default 1000
     * @param refillTokens tokens added per {@code refillPeriod}, spread evenly over it, default 1000
     * @param refillPeriod default 1m (so the sustained rate is 1000 readings a minute per device)
     * @param maxDevices   buckets kept in memory at most (least recently used evicted first),
     *                     default 100,000; a bucket idle long enough to be full again is dropped
     */
    public record RateLimit(Boolean enabled,
                            @Min(1) @Max(1_000_000) Long capacity,
                            @Min(1) @Max(1_000_000) Long refillTokens,
                            Duration refillPeriod,
                            @Min(1) @Max(10_000_000) Integer maxDevices) {

        public RateLimit {
            enabled = enabled == null || enabled;
            capacity = capacity == null ? 1000L : capacity;
            refillTokens = refillTokens == null ? 1000L : refillTokens;
            refillPeriod = refillPeriod == null ? Duration.ofMinutes(1) : refillPeriod;
            maxDevices = maxDevices == null ? 100_000 : maxDevices;
        }

        @AssertTrue(message = "rate-limit.refill-period must be between 1s and 1d")
        public boolean isRefillPeriodInRange() {
            return refillPeriod.compareTo(Duration.ofSeconds(1)) >= 0 && refillPeriod.compareTo(Duration.ofDays(1)) <= 0;
        }

        /** How long an empty bucket takes to be full again: an idle bucket is dropped after this. */
        public Duration timeToFull() {
            double millis = (double) refillPeriod.toMillis() * capacity / refillTokens;
            return Duration.ofMillis((long) Math.ceil(millis));
        }
    }

    /** @param tokens ingest tokens a Funnel relay presents as {@code Authorization: Bearer <token>} */
    public record Funnel(@Valid List<FunnelToken> tokens) {

        public Funnel {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    /**
     * @param id     name shown in logs instead of the token
     * @param tenant operator id the token may ingest for
     * @param sha256 lowercase hex SHA-256 of the token ({@code printf %s "$TOKEN" | sha256sum})
     */
    public record FunnelToken(@NotBlank String id,
                              @NotBlank String tenant,
                              @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lowercase hex digits") String sha256) {
    }

    /**
     * Binary payload formats (docs/ingest.md "Binary payloads").
     *
     * @param formats           decoding formats by group name
     * @param defaultFormat     group for devices that nothing more specific maps; empty: none
     * @param devices           device id (IMSI, SIM id or IMEI) to group; wins over everything else
     * @param funnelCredentials Funnel envelope {@code credentialsId} to group
     */
    public record Binary(Map<String, BinaryFormatSpec> formats, String defaultFormat, Map<String, String> devices,
                         Map<String, String> funnelCredentials) {

        public Binary {
            formats = formats == null ? Map.of() : Map.copyOf(formats);
            devices = devices == null ? Map.of() : Map.copyOf(devices);
            funnelCredentials = funnelCredentials == null ? Map.of() : Map.copyOf(funnelCredentials);
        }
    }

    /**
     * One group's format: either {@code format}, the compact string
     * ({@code temperature:0:int16:/100 humidity:2:uint8}), or {@code fields}. Checked at startup.
     */
    public record BinaryFormatSpec(String format, List<BinaryField> fields) {

        public BinaryFormatSpec {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    /**
     * @param name       output name, dots nest ({@code soil.moisture})
     * @param offset     first byte, from 0
     * @param bit        {@code bool} only: 0 (least significant) .. 7
     * @param type       {@code int8 uint8 int16 uint16 int32 uint32 int64 uint64 float32 float64 bool},
     *                   multi-byte types big endian unless suffixed {@code le} ({@code uint16le})
     * @param expression optional arithmetic on {@code x}: {@code x/100}, {@code (x-400)/10}, or {@code /100}
     */
    public record BinaryField(String name, Integer offset, Integer bit, String type, String expression) {
    }

    /** How a TCP stream is cut into messages. */
    public enum Framing {
        /** One message per line (LF, a CR before it is dropped; empty lines are skipped). */
        LINE,
        /** Each message is preceded by its length as an unsigned 16-bit big-endian number. */
        LENGTH_PREFIXED
    }

    /**
     * The Beam TCP entry point: Beam's signed header line, then the device's messages.
     *
     * @param enabled        listen at all, default false
     * @param port           TCP port, default 23080 (0: any free port)
     * @param bindAddress    local address to listen on, default all
     * @param framing        how messages after the header line are cut, default {@code line}
     * @param maxMessageSize largest message, default 16KB
     * @param idleTimeout    a connection silent this long is closed, default 5m
     * @param format         binary format group of this entry point, default none
     */
    public record BeamTcp(boolean enabled, @Min(0) @Max(65535) Integer port, String bindAddress, Framing framing,
                          DataSize maxMessageSize, Duration idleTimeout, String format) {

        public static final int DEFAULT_PORT = 23080;

        public BeamTcp {
            port = port == null ? DEFAULT_PORT : port;
            framing = framing == null ? Framing.LINE : framing;
            maxMessageSize = maxMessageSize == null ? DataSize.ofKilobytes(16) : maxMessageSize;
            idleTimeout = idleTimeout == null ? Duration.ofMinutes(5) : idleTimeout;
        }

        @AssertTrue(message = "max-message-size must be between 64B and 64KB")
        public boolean isMaxMessageSizeInRange() {
            return maxMessageSize.toBytes() >= 64 && maxMessageSize.toBytes() <= 65_535;
        }

        @AssertTrue(message = "idle-timeout must be between 1s and 1h")
        public boolean isIdleTimeoutInRange() {
            return idleTimeout.compareTo(Duration.ofSeconds(1)) >= 0 && idleTimeout.compareTo(Duration.ofHours(1)) <= 0;
        }
    }

    /** How the Harvest-style endpoint knows which device sent a message. */
    public enum HarvestIdentity {
        /** The sender's IP address, looked up in {@code sources}. */
        SOURCE_ADDRESS,
        /** A leading line {@code imsi=... [imei=...]} (per datagram on UDP, per connection on TCP). */
        HEADER_LINE
    }

    /**
     * The Harvest-style UDP/TCP entry point (docs/ingest.md "UDP/TCP (Harvest-style)"). Unsigned:
     * only for a network where the sender's address or header line can be trusted.
     *
     * @param tenant         operator id every message of this endpoint belongs to (required when enabled)
     * @param identity       {@code source-address} (default) or {@code header-line}
     * @param sources        sender address to device, for {@code source-address}
     * @param format         binary format group of this endpoint, default none
     * @param maxMessageSize largest datagram or TCP message, default 8KB (at most 65507 bytes)
     * @param udp            the UDP listener
     * @param tcp            the TCP listener
     */
    public record Harvest(String tenant, HarvestIdentity identity, @Valid List<HarvestSource> sources, String format,
                          DataSize maxMessageSize, @Valid HarvestUdp udp, @Valid HarvestTcp tcp) {

        public static final int DEFAULT_PORT = 8514;

        public Harvest {
            identity = identity == null ? HarvestIdentity.SOURCE_ADDRESS : identity;
            sources = sources == null ? List.of() : List.copyOf(sources);
            maxMessageSize = maxMessageSize == null ? DataSize.ofKilobytes(8) : maxMessageSize;
            udp = udp == null ? new HarvestUdp(false, null, null, null, null) : udp;
            tcp = tcp == null ? new HarvestTcp(false, null, null, null, null) : tcp;
        }

        public boolean enabled() {
            return udp.enabled() || tcp.enabled();
        }

        @AssertTrue(message = "tenant is required when the UDP or TCP listener is enabled")
        public boolean isTenantSetWhenEnabled() {
            return !enabled() || tenant != null && !tenant.isBlank();
        }

        @AssertTrue(message = "max-message-size must be between 16B and 65507B")
        public boolean isMaxMessageSizeInRange() {
            return maxMessageSize.toBytes() >= 16 && maxMessageSize.toBytes() <= 65_507;
        }
    }

    /**
     * @param address  the sender's IP address, a literal ({@code 10.128.0.7}, {@code fd00::7})
     * @param deviceId the device id its messages are published under (e.g. the SIM's IMSI)
     */
    public record HarvestSource(@NotBlank String address, @NotBlank String deviceId) {
    }

    /**
     * @param enabled       listen at all, default false
     * @param port          UDP port, default 8514 (0: any free port)
     * @param bindAddress   local address, default all
     * @param workers       threads that decode and publish datagrams, default 4
     * @param queueCapacity datagrams waiting for a worker; when full the receiver decodes itself
     *                      (and the socket buffer, then the network, drops the excess), default 1000
     */
    public record HarvestUdp(boolean enabled, @Min(0) @Max(65535) Integer port, String bindAddress,
                             @Min(1) @Max(256) Integer workers, @Min(1) @Max(1_000_000) Integer queueCapacity) {

        public HarvestUdp {
            port = port == null ? Harvest.DEFAULT_PORT : port;
            workers = workers == null ? 4 : workers;
            queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
        }
    }

    /**
     * @param enabled     listen at all, default false
     * @param port        TCP port, default 8514 (0: any free port)
     * @param bindAddress local address, default all
     * @param framing     {@code line} (default) or {@code length-prefixed}
     * @param idleTimeout a connection silent this long is closed, default 5m
     */
    public record HarvestTcp(boolean enabled, @Min(0) @Max(65535) Integer port, String bindAddress, Framing framing,
                             Duration idleTimeout) {

        public HarvestTcp {
            port = port == null ? Harvest.DEFAULT_PORT : port;
            framing = framing == null ? Framing.LINE : framing;
            idleTimeout = idleTimeout == null ? Duration.ofMinutes(5) : idleTimeout;
        }

        @AssertTrue(message = "idle-timeout must be between 1s and 1h")
        public boolean isIdleTimeoutInRange() {
            return idleTimeout.compareTo(Duration.ofSeconds(1)) >= 0 && idleTimeout.compareTo(Duration.ofHours(1)) <= 0;
        }
    }

    /**
     * MQTT ingest ({@code fieldlink.ingest.mqtt.*}): a shared subscription on the device topics of one
     * broker, QoS 1, acknowledged to the broker only once Kafka acknowledged the reading (or the
     * dead-letter record). Described in {@code docs/ingest.md}, section MQTT.
     *
     * @param enabled           connect to the broker at all, default false
     * @param url               broker URL, {@code tcp://host:1883} or {@code ssl://host:8883}
     * @param clientId          MQTT client id of this replica; empty = {@code fieldlink-ingest-} plus a random
     *                          suffix per start. A stable id per replica (e.g. a StatefulSet pod name) lets a
     *                          restarted replica resume its session; two running replicas must never share one
     * @param username          user name of the ingest service at the broker (optional)
     * @param password          its password (optional; never logged)
     * @param topicPattern      device topic with {@code {deviceId}} and (optionally) {@code {tenantId}} each as
     *                          one whole level, default {@code tenants/{tenantId}/devices/{deviceId}/telemetry}
     * @param tenants           tenants this connection ingests for: empty = any tenant in the topic; with a
     *                          pattern without {@code {tenantId}} exactly one, the tenant of every message
     * @param sharedGroup       shared-subscription group ({@code $share/<group>/...}), default
     *                          {@code fieldlink-ingest}: the replicas of one group split the messages
     * @param qos               subscription QoS, 1 (default; at least once) or 0 (at most once, no redelivery)
     * @param sessionExpiry     how long the broker keeps this client's session (and its unacknowledged
     *                          messages) after a disconnect, default 1h
     * @param completionTimeout longest wait for connect and subscribe, default 30s
     * @param format            binary format group ({@code fieldlink.ingest.binary.formats}) of MQTT devices
     *                          without an entry of their own in {@code binary.devices}; default none
     */
    public record Mqtt(Boolean enabled,
                       String url,
                       @Pattern(regexp = "[A-Za-z0-9._-]{0,64}", message = "must be up to 64 of A-Z a-z 0-9 . _ -") String clientId,
                       String username,
                       String password,
                       @NotBlank String topicPattern,
                       List<@NotBlank String> tenants,
                       @NotBlank @Pattern(regexp = "[^/+#]+", message = "must not contain / + or #") String sharedGroup,
                       @Min(0) @Max(1) Integer qos,
                       Duration sessionExpiry,
                       Duration completionTimeout,
                       String format) {

        public static final String DEFAULT_TOPIC_PATTERN = "tenants/{tenantId}/devices/{deviceId}/telemetry";

        public Mqtt {
            enabled = enabled != null && enabled;
            url = url == null || url.isBlank() ? "tcp://localhost:1883" : url;
            clientId = clientId == null ? "" : clientId;
            topicPattern = topicPattern == null ? DEFAULT_TOPIC_PATTERN : topicPattern;
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
            sharedGroup = sharedGroup == null ? "fieldlink-ingest" : sharedGroup;
            qos = qos == null ? 1 : qos;
            sessionExpiry = sessionExpiry == null ? Duration.ofHours(1) : sessionExpiry;
            completionTimeout = completionTimeout == null ? Duration.ofSeconds(30) : completionTimeout;
            format = format == null || format.isBlank() ? null : format.strip();
        }

        public static Mqtt defaults() {
            return new Mqtt(null, null, null, null, null, null, null, null, null, null, null, null);
        }

        @AssertTrue(message = "url must be tcp://host:port or ssl://host:port")
        public boolean isUrlValid() {
            return url.matches("(tcp|ssl)://[^/\\s]+(:\\d+)?");
        }

        /** The rules of {@link MqttTopicScheme#check}, checked at startup. */
        @AssertTrue(message = "topic-pattern must consist of non-empty literal levels (no + # { }), exactly one "
                + "{deviceId} level and at most one {tenantId} level; without {tenantId}, tenants must name exactly one tenant")
        public boolean isTopicPatternValid() {
            return MqttTopicScheme.check(topicPattern, tenants) == null;
        }

        @AssertTrue(message = "session-expiry must be between 10s and 365d")
        public boolean isSessionExpiryInRange() {
            return sessionExpiry.compareTo(Duration.ofSeconds(10)) >= 0 && sessionExpiry.compareTo(Duration.ofDays(365)) <= 0;
        }

        @AssertTrue(message = "completion-timeout must be between 1s and 5m")
        public boolean isCompletionTimeoutInRange() {
            return completionTimeout.compareTo(Duration.ofSeconds(1)) >= 0 && completionTimeout.compareTo(Duration.ofMinutes(5)) <= 0;
        }

        /** Never prints the password (records print every component by default). */
        @Override
        public String toString() {
            return "Mqtt[enabled=" + enabled + ", url=" + url + ", clientId=" + clientId + ", username=" + username
                    + (password == null || password.isEmpty() ? "" : ", password=****") + ", topicPattern=" + topicPattern
                    + ", tenants=" + tenants + ", sharedGroup=" + sharedGroup + ", qos=" + qos + ", sessionExpiry="
                    + sessionExpiry + ", completionTimeout=" + completionTimeout + ", format=" + format + "]";
        }
    }

    /**
     * LwM2M observations ({@code iot.device-observations.v1}, written by command-service's LwM2M server) published as
     * telemetry, so that ingest stays the one writer of {@code iot.telemetry.v1}.
     *
     * @param enabled       consume them, default false (turn on where command-service runs its LwM2M server)
     * @param consumerGroup consumer group, default {@code fieldlink-ingest-lwm2m}
     */
    public record Lwm2m(Boolean enabled, @NotBlank String consumerGroup) {

        public Lwm2m {
            enabled = enabled != null && enabled;
            consumerGroup = consumerGroup == null ? "fieldlink-ingest-lwm2m" : consumerGroup;
        }
    }
}
