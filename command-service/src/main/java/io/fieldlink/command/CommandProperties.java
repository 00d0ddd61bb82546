package io.fieldlink.command;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of the command service ({@code fieldlink.commands.*}); every key is documented in
 * {@code docs/commands.md}. Command delivery (MQTT, LwM2M) adds its own nested records here.
 *
 * @param registry the device registry
 */
@Validated
@ConfigurationProperties("fieldlink.commands")
public record CommandProperties(@Valid Registry registry) {

    public CommandProperties {
        registry = registry == null ? Registry.defaults() : registry;
    }

    public static CommandProperties defaults() {
        return new CommandProperties(null);
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
}
