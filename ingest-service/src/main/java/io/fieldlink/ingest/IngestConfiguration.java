package io.fieldlink.ingest;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fieldlink.ingest.beam.BeamSignatureVerifier;
import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.funnel.FunnelTokens;
import io.fieldlink.ingest.telemetry.IngestGate;
import io.fieldlink.ingest.telemetry.IngestMetrics;
import io.fieldlink.ingest.telemetry.TelemetryIngest;
import io.fieldlink.ingest.telemetry.TelemetryNormalizer;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Beans of the ingest edge that do not depend on Kafka (the publisher comes from elsewhere). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    BeamSignatureVerifier beamSignatureVerifier(IngestProperties properties, Clock clock) {
        var credentials = properties.beam().credentials().stream()
                .map(c -> new BeamSignatureVerifier.Credential(c.id(), c.tenant(), c.psk(), c.previousPsk()))
                .toList();
        if (credentials.isEmpty()) {
            log.warn("No Beam credentials configured (fieldlink.ingest.beam.credentials): every POST {} is refused",
                    IngestPaths.TELEMETRY);
        } else {
            log.info("Beam credentials: {}", properties.beam().credentials().stream()
                    .map(c -> c.id() + "@" + c.tenant() + (c.previousPsk() == null || c.previousPsk().isEmpty() ? "" : " (rotating)"))
                    .toList());
        }
        return new BeamSignatureVerifier(credentials, properties.beam().maxSkew(), clock);
    }

    @Bean
    FunnelTokens funnelTokens(IngestProperties properties) {
        if (properties.funnel().tokens().isEmpty()) {
            log.warn("No Funnel ingest tokens configured (fieldlink.ingest.funnel.tokens): every POST {} is refused",
                    IngestPaths.FUNNEL);
        }
        return new FunnelTokens(properties.funnel().tokens().stream()
                .map(t -> new FunnelTokens.Token(t.id(), t.tenant(), t.sha256()))
                .toList());
    }

    /** Compiled and checked at startup: a bad type, bit, name or expression fails naming group and field. */
    @Bean
    BinaryFormats binaryFormats(IngestProperties properties) {
        BinaryFormats formats = BinaryFormats.from(properties.binary());
        if (formats.size() > 0) {
            log.info("Binary formats: {}", formats.formats().values().stream().map(f -> f.name() + " = " + f).toList());
        }
        return formats;
    }

    @Bean
    TelemetryNormalizer telemetryNormalizer(IngestProperties properties) {
        return new TelemetryNormalizer(properties.timestampField());
    }

    /** Rate limit and in-flight limit of every entry point (see {@link IngestGate}). */
    @Bean
    IngestGate ingestGate(IngestProperties properties, IngestMetrics metrics) {
        IngestProperties.RateLimit rate = properties.rateLimit();
        if (rate.enabled()) {
            log.info("Per-device rate limit: {} readings per {}, burst {}, at most {} devices tracked",
                    rate.refillTokens(), rate.refillPeriod(), rate.capacity(), rate.maxDevices());
        } else {
            log.warn("Per-device rate limit is off (fieldlink.ingest.rate-limit.enabled=false)");
        }
        IngestGate gate = new IngestGate(rate, properties.maxInFlight(), TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
        metrics.watch(gate);
        return gate;
    }

    @Bean
    TelemetryIngest telemetryIngest(TelemetryNormalizer normalizer, TelemetryPublisher publisher, Clock clock,
                                    IngestGate gate) {
        return new TelemetryIngest(normalizer, publisher, clock, gate);
    }

    @Bean
    IngestMetrics ingestMetrics(MeterRegistry registry) {
        return new IngestMetrics(registry);
    }
}
