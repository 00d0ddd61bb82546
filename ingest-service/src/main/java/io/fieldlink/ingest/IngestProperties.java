package io.fieldlink.ingest;

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
 */
@Validated
@ConfigurationProperties("fieldlink.ingest")
public record IngestProperties(
        @Valid Beam beam,
        @Valid Funnel funnel,
        DataSize maxBodySize,
        Duration publishTimeout,
        @Min(1) @Max(1000) Integer topicPartitions,
        @NotBlank String timestampField) {

    public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofKilobytes(64);
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    public IngestProperties {
        beam = beam == null ? new Beam(null, null) : beam;
        funnel = funnel == null ? new Funnel(null) : funnel;
        maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
        publishTimeout = publishTimeout == null ? DEFAULT_PUBLISH_TIMEOUT : publishTimeout;
        topicPartitions = topicPartitions == null ? 6 : topicPartitions;
        timestampField = timestampField == null ? "timestamp" : timestampField;
    }

    /** Defaults only; what a service gets with nothing configured. */
    public static IngestProperties defaults() {
        return new IngestProperties(null, null, null, null, null, null);
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
}
