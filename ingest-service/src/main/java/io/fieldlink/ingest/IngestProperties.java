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
 * @param mqtt            MQTT ingest (off by default: HTTP-only deployments need no broker)
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
        @Valid Mqtt mqtt) {

    public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofKilobytes(64);
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    public IngestProperties {
        beam = beam == null ? new Beam(null, null) : beam;
        funnel = funnel == null ? new Funnel(null) : funnel;
        maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
        publishTimeout = publishTimeout == null ? DEFAULT_PUBLISH_TIMEOUT : publishTimeout;
        topicPartitions = topicPartitions == null ? 6 : topicPartitions;
        timestampField = timestampField == null ? "timestamp" : timestampField;
        mqtt = mqtt == null ? Mqtt.defaults() : mqtt;
    }

    /** Defaults only; what a service gets with nothing configured. */
    public static IngestProperties defaults() {
        return new IngestProperties(null, null, null, null, null, null, null);
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
                       Duration completionTimeout) {

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
        }

        public static Mqtt defaults() {
            return new Mqtt(null, null, null, null, null, null, null, null, null, null, null);
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
                    + sessionExpiry + ", completionTimeout=" + completionTimeout + "]";
        }
    }
}
