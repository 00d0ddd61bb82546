package io.fieldlink.dashboard;

import io.fieldlink.contracts.Topics;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;

/**
 * Configuration of dashboard-api ({@code fieldlink.dashboard.*}); every value has a default, see
 * {@code docs/dashboard-api.md}.
 *
 * @param index     layout of the OpenSearch read model
 * @param query     limits of the REST queries
 * @param projector how telemetry is consumed from Kafka and written to OpenSearch
 * @param upstreams the services that own the writes dashboard-api forwards
 * @param live      limits of the server-sent event stream {@code GET /v1/stream}
 * @param retention how long raw readings and hourly rollups are kept, and when series read which
 */
@Validated
@ConfigurationProperties("fieldlink.dashboard")
public record DashboardProperties(@Valid @NotNull Index index,
                                  @Valid @NotNull Query query,
                                  @Valid @NotNull Projector projector,
                                  @Valid @NotNull Upstreams upstreams,
                                  @Valid @NotNull Live live,
                                  @Valid @NotNull Retention retention) {

    public DashboardProperties {
        index = index == null ? new Index(null, null, null, null) : index;
        query = query == null ? new Query(null, null, null, null, null, null, null, null, null, null) : query;
        projector = projector == null ? new Projector(null, null, null, null, null, null, null, null, null) : projector;
        upstreams = upstreams == null ? new Upstreams(null, null, null, null) : upstreams;
        live = live == null ? new Live(null, null, null, null, null) : live;
        retention = retention == null ? new Retention(null, null, null, null, null, null, null) : retention;
    }

    /**
     * Where writes go: dashboard-api never writes commands or acknowledgements itself, it forwards them
     * with the caller's own API key to the owning service.
     *
     * @param commandsUrl    base URL of command-service ({@code POST /v1/devices/{id}/commands})
     * @param rulesUrl       base URL of rules-service ({@code POST /v1/alerts/{id}/ack})
     * @param connectTimeout longest wait for a connection to an owner
     * @param requestTimeout longest wait for an owner's answer; above the owners' own Kafka publish timeout
     *                       (5 s) so that they, not we, decide when a write failed
     */
    public record Upstreams(@NotNull URI commandsUrl,
                            @NotNull URI rulesUrl,
                            @NotNull Duration connectTimeout,
                            @NotNull Duration requestTimeout) {

        public Upstreams {
            commandsUrl = commandsUrl == null ? URI.create("http://localhost:8083") : commandsUrl;
            rulesUrl = rulesUrl == null ? URI.create("http://localhost:8082") : rulesUrl;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
            for (URI url : new URI[] {commandsUrl, rulesUrl}) {
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                        || url.getRawQuery() != null || url.getRawFragment() != null) {
                    throw new IllegalArgumentException("fieldlink.dashboard.upstreams: '" + url
                            + "' must be an absolute http(s) URL with a host and no query or fragment");
                }
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()
                    || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("fieldlink.dashboard.upstreams: timeouts must be positive");
            }
        }
    }

    /** See {@link Query#searchClient()}. */
    public enum SearchClient {
        BLOCKING, REST_CLIENT
    }

    /** How telemetry indices are cut in time (by the reading's event time, UTC). */
    public enum Granularity {
        /** {@code <prefix>-telemetry-2026.11} */
        MONTHLY,
        /** {@code <prefix>-telemetry-2026.11.27} */
        DAILY
    }

    /**
     * @param prefix      prefix of every index and template name ({@code <prefix>-telemetry-*}, {@code <prefix>-devices})
     * @param granularity one telemetry index per month (default) or per day
     * @param shards      primary shards of each new index
     * @param replicas    replicas of each new index (0 on a single-node cluster)
     */
    public record Index(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}",
                                message = "must be lower case letters, digits, '_' or '-' (max 64)") String prefix,
                        @NotNull Granularity granularity,
                        @NotNull @Min(1) @Max(64) Integer shards,
                        @NotNull @Min(0) @Max(16) Integer replicas) {

        public Index {
            prefix = prefix == null ? "fieldlink" : prefix;
            granularity = granularity == null ? Granularity.MONTHLY : granularity;
            shards = shards == null ? 1 : shards;
            replicas = replicas == null ? 1 : replicas;
        }
    }

    /**
     * @param maxBuckets          most buckets one series request may ask for
     * @param defaultRange        series range when {@code from} is not given (ends at {@code to}, default now)
     * @param autoIntervalBuckets when {@code interval} is not given, the smallest "round" interval that yields at most
     *                            this many buckets is chosen
     * @param defaultPageSize     devices per page when {@code size} is not given
     * @param maxPageSize         largest accepted {@code size}
     * @param maxDevices          most {@code deviceId} values one {@code GET /v1/series} may name
     * @param maxMetrics          most {@code metric} values one {@code GET /v1/series} may name
     * @param onlineWithin        a device is online when its newest reading's event time is at most this old
     *                            ({@code GET /v1/devices?state=online|offline} and each device's {@code online})
     * @param searchClient        how series queries reach OpenSearch: {@code blocking} (default, a blocking HTTP
     *                            client of their own on the request thread, same {@code opensearch.*} connection
     *                            settings) or {@code rest-client} (the application's asynchronous RestClient)
     * @param wholeAnswerSize     a series answer up to this size is held in the response buffer and sent at once
     *                            with its {@code Content-Length}; a larger one streams in chunks (memory per
     *                            concurrent request, default 512KB)
     */
    public record Query(@NotNull @Min(1) @Max(65_535) Integer maxBuckets,
                        @NotNull Duration defaultRange,
                        @NotNull @Min(2) @Max(65_535) Integer autoIntervalBuckets,
                        @NotNull @Min(1) @Max(10_000) Integer defaultPageSize,
                        @NotNull @Min(1) @Max(10_000) Integer maxPageSize,
                        @NotNull @Min(1) @Max(1_000) Integer maxDevices,
                        @NotNull @Min(1) @Max(100) Integer maxMetrics,
                        @NotNull Duration onlineWithin,
                        SearchClient searchClient,
                        DataSize wholeAnswerSize) {

        public Query {
            maxBuckets = maxBuckets == null ? 10_000 : maxBuckets;
            defaultRange = defaultRange == null ? Duration.ofHours(24) : defaultRange;
            autoIntervalBuckets = autoIntervalBuckets == null ? 300 : autoIntervalBuckets;
            defaultPageSize = defaultPageSize == null ? 50 : defaultPageSize;
            maxPageSize = maxPageSize == null ? 500 : maxPageSize;
            maxDevices = maxDevices == null ? 100 : maxDevices;
            maxMetrics = maxMetrics == null ? 10 : maxMetrics;
            onlineWithin = onlineWithin == null ? Duration.ofMinutes(10) : onlineWithin;
            searchClient = searchClient == null ? SearchClient.BLOCKING : searchClient;
            wholeAnswerSize = wholeAnswerSize == null ? DataSize.ofKilobytes(512) : wholeAnswerSize;
            if (wholeAnswerSize.isNegative() || wholeAnswerSize.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "fieldlink.dashboard.query.whole-answer-size must be between 0 and 2GB");
            }
            if (onlineWithin.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("fieldlink.dashboard.query.online-within must be at least 1s");
            }
            if (defaultRange.isNegative() || defaultRange.isZero()) {
                throw new IllegalArgumentException("fieldlink.dashboard.query.default-range must be positive");
            }
            if (defaultPageSize > maxPageSize) {
                throw new IllegalArgumentException(
                        "fieldlink.dashboard.query.default-page-size must not exceed max-page-size");
            }
            if (autoIntervalBuckets > maxBuckets) {
                throw new IllegalArgumentException(
                        "fieldlink.dashboard.query.auto-interval-buckets must not exceed max-buckets");
            }
        }
    }

    /**
     * @param maxBatchSize         most records one poll hands to the projector, i.e. one bulk request
     *                             (Kafka {@code max.poll.records})
     * @param maxBatchWait         how long the broker may wait to fill a batch (Kafka {@code fetch.max.wait.ms})
     * @param minBatchBytes        bytes the broker waits for before answering a fetch (Kafka {@code fetch.min.bytes})
     * @param retryInitialInterval first pause before a batch that failed for a transient reason (OpenSearch down,
     *                             overloaded) is written again
     * @param retryMaxInterval     longest pause between such retries (they continue until the write succeeds)
     * @param deadLetterTopic      where poison telemetry records go, with the reason in header {@code fieldlink-dlq-reason}
     * @param alertsDeadLetterTopic        where poison records of {@code iot.alerts.v1} go
     * @param commandStatusDeadLetterTopic where poison records of {@code iot.command-status.v1} go
     * @param devicesDeadLetterTopic       where poison records of {@code iot.devices.v1} go
     */
    public record Projector(@NotNull @Min(1) @Max(10_000) Integer maxBatchSize,
                            @NotNull Duration maxBatchWait,
                            @NotNull @Min(1) Integer minBatchBytes,
                            @NotNull Duration retryInitialInterval,
                            @NotNull Duration retryMaxInterval,
                            @NotBlank String deadLetterTopic,
                            @NotBlank String alertsDeadLetterTopic,
                            @NotBlank String commandStatusDeadLetterTopic,
                            @NotBlank String devicesDeadLetterTopic) {

        public Projector {
            maxBatchSize = maxBatchSize == null ? 500 : maxBatchSize;
            maxBatchWait = maxBatchWait == null ? Duration.ofMillis(500) : maxBatchWait;
            minBatchBytes = minBatchBytes == null ? 1 : minBatchBytes;
            retryInitialInterval = retryInitialInterval == null ? Duration.ofSeconds(1) : retryInitialInterval;
            retryMaxInterval = retryMaxInterval == null ? Duration.ofSeconds(30) : retryMaxInterval;
            deadLetterTopic = deadLetterTopic == null ? Topics.TELEMETRY_DLQ.name() : deadLetterTopic;
            alertsDeadLetterTopic = alertsDeadLetterTopic == null ? Topics.ALERTS_DLQ.name() : alertsDeadLetterTopic;
            commandStatusDeadLetterTopic = commandStatusDeadLetterTopic == null ? Topics.COMMAND_STATUS_DLQ.name()
                    : commandStatusDeadLetterTopic;
            devicesDeadLetterTopic = devicesDeadLetterTopic == null ? Topics.DEVICES_DLQ.name() : devicesDeadLetterTopic;
            if (maxBatchWait.isNegative() || retryInitialInterval.isNegative() || retryInitialInterval.isZero()
                    || retryMaxInterval.compareTo(retryInitialInterval) < 0) {
                throw new IllegalArgumentException("fieldlink.dashboard.projector: max-batch-wait must not be negative, "
                        + "retry-initial-interval must be positive and not exceed retry-max-interval");
            }
        }
    }

    /**
     * @param heartbeat           how often an idle stream gets a comment line, so proxies and load balancers keep it open
     * @param maxStreamsPerTenant most streams one tenant may have open at once (more: 429 {@code too-many-streams})
     * @param maxStreams          most streams open on this instance at once (more: 429 {@code too-many-streams})
     * @param maxQueued           events queued for one client that reads too slowly; one more and its stream is closed
     *                            (the client reconnects) instead of buffering without bound
     * @param maxDuration         a stream is closed after this long; the client reconnects (EventSource does by itself)
     */
    public record Live(@NotNull Duration heartbeat,
                       @NotNull @Min(1) @Max(100_000) Integer maxStreamsPerTenant,
                       @NotNull @Min(1) @Max(100_000) Integer maxStreams,
                       @NotNull @Min(1) @Max(1_000_000) Integer maxQueued,
                       @NotNull Duration maxDuration) {

        public Live {
            heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
            maxStreamsPerTenant = maxStreamsPerTenant == null ? 20 : maxStreamsPerTenant;
            maxStreams = maxStreams == null ? 1000 : maxStreams;
            maxQueued = maxQueued == null ? 1000 : maxQueued;
            maxDuration = maxDuration == null ? Duration.ofMinutes(30) : maxDuration;
            if (heartbeat.compareTo(Duration.ofMillis(100)) < 0 || maxDuration.compareTo(heartbeat) <= 0) {
                throw new IllegalArgumentException("fieldlink.dashboard.live: heartbeat must be at least 100ms and "
                        + "max-duration longer than heartbeat");
            }
        }
    }

    /**
     * Retention of the telemetry and the hourly rollups that outlive it (package {@code rollup}).
     *
     * @param raw          raw readings are kept this long: a telemetry index is deleted once its whole period (month
     *                     or day) is older, and only after its hours were rolled up
     * @param rollups      hourly rollups are kept this long: a rollup index (one per year) is deleted once its whole
     *                     year is older
     * @param lateness     an hour is rolled up this long after it closed; readings that reach the store later are
     *                     re-rolled by the next run as long as they arrive within this margin of their receive time
     * @param runEvery     pause between two runs of the rollup and retention job
     * @param rawMaxRange  a series whose range is at most this long reads raw readings whatever its interval (when
     *                     raw retention covers it); longer ranges with an interval of 1 h or more read rollups
     * @param enabled      whether this instance runs the job on its schedule (rollups are idempotent, so several
     *                     instances may run it; one is enough)
     * @param pageSize     hours x devices per composite aggregation page of the job
     */
    public record Retention(@NotNull Duration raw,
                            @NotNull Duration rollups,
                            @NotNull Duration lateness,
                            @NotNull Duration runEvery,
                            @NotNull Duration rawMaxRange,
                            @NotNull Boolean enabled,
                            @NotNull @Min(10) @Max(10_000) Integer pageSize) {

        public Retention {
            raw = raw == null ? Duration.ofDays(40) : raw;
            rollups = rollups == null ? Duration.ofDays(730) : rollups;
            lateness = lateness == null ? Duration.ofMinutes(5) : lateness;
            runEvery = runEvery == null ? Duration.ofMinutes(5) : runEvery;
            rawMaxRange = rawMaxRange == null ? Duration.ofDays(7) : rawMaxRange;
            enabled = enabled == null ? Boolean.TRUE : enabled;
            pageSize = pageSize == null ? 1_000 : pageSize;
            if (raw.compareTo(Duration.ofDays(1)) < 0 || rollups.compareTo(raw) < 0) {
                throw new IllegalArgumentException("fieldlink.dashboard.retention: raw must be at least 1d and rollups "
                        + "at least as long as raw");
            }
            if (lateness.isNegative() || runEvery.compareTo(Duration.ofSeconds(1)) < 0
                    || rawMaxRange.isNegative() || rawMaxRange.compareTo(raw) > 0) {
                throw new IllegalArgumentException("fieldlink.dashboard.retention: lateness must not be negative, "
                        + "run-every must be at least 1s, raw-max-range between 0 and raw");
            }
        }
    }
}
