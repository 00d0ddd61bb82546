package io.fieldlink.ingest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and validation of {@code fieldlink.ingest.*} as Spring does it at startup. */
class IngestPropertiesBindingTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues(
                        "fieldlink.ingest.max-body-size=128KB",
                        "fieldlink.ingest.publish-timeout=2s",
                        "fieldlink.ingest.topic-partitions=3",
                        "fieldlink.ingest.timestamp-field=ts",
                        "fieldlink.ingest.batch.max-items=100",
                        "fieldlink.ingest.batch.max-body-size=256KB",
                        "fieldlink.ingest.rate-limit.enabled=true",
                        "fieldlink.ingest.rate-limit.capacity=200",
                        "fieldlink.ingest.rate-limit.refill-tokens=20",
                        "fieldlink.ingest.rate-limit.refill-period=10s",
                        "fieldlink.ingest.rate-limit.max-devices=5000",
                        "fieldlink.ingest.max-in-flight=2000",
                        "fieldlink.ingest.beam.max-skew=2m",
                        "fieldlink.ingest.beam.credentials[0].id=local",
                        "fieldlink.ingest.beam.credentials[0].tenant=OP0000000001",
                        "fieldlink.ingest.beam.credentials[0].psk=new",
                        "fieldlink.ingest.beam.credentials[0].previous-psk=old",
                        "fieldlink.ingest.funnel.tokens[0].id=relay",
                        "fieldlink.ingest.funnel.tokens[0].tenant=OP0000000001",
                        "fieldlink.ingest.funnel.tokens[0].sha256=728a713b941b35c2acee26e3fdca41ac36ffc307c0fab71a8f7738ace644760e")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IngestProperties p = context.getBean(IngestProperties.class);
                    assertThat(p.maxBodySize()).isEqualTo(DataSize.ofKilobytes(128));
                    assertThat(p.publishTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(p.topicPartitions()).isEqualTo(3);
                    assertThat(p.timestampField()).isEqualTo("ts");
                    assertThat(p.batch()).isEqualTo(new IngestProperties.Batch(100, DataSize.ofKilobytes(256)));
                    assertThat(p.rateLimit()).isEqualTo(
                            new IngestProperties.RateLimit(true, 200L, 20L, Duration.ofSeconds(10), 5000));
                    assertThat(p.maxInFlight()).isEqualTo(2000);
                    assertThat(p.beam().maxSkew()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(p.beam().credentials().getFirst().previousPsk()).isEqualTo("old");
                    assertThat(p.funnel().tokens().getFirst().tenant()).isEqualTo("OP0000000001");
                });
    }

    @Test
    void bindsTheSocketEntryPoints() {
        runner.withPropertyValues(
                        "fieldlink.ingest.beam-tcp.enabled=true",
                        "fieldlink.ingest.beam-tcp.port=23081",
                        "fieldlink.ingest.beam-tcp.framing=length-prefixed",
                        "fieldlink.ingest.beam-tcp.max-message-size=1KB",
                        "fieldlink.ingest.beam-tcp.format=potato",
                        "fieldlink.ingest.harvest.tenant=OP0000000001",
                        "fieldlink.ingest.harvest.identity=header-line",
                        "fieldlink.ingest.harvest.sources[0].address=10.128.0.7",
                        "fieldlink.ingest.harvest.sources[0].device-id=295000000000007",
                        "fieldlink.ingest.harvest.udp.enabled=true",
                        "fieldlink.ingest.harvest.udp.workers=2",
                        "fieldlink.ingest.harvest.tcp.enabled=true",
                        "fieldlink.ingest.harvest.tcp.idle-timeout=30s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IngestProperties p = context.getBean(IngestProperties.class);
                    assertThat(p.beamTcp().enabled()).isTrue();
                    assertThat(p.beamTcp().port()).isEqualTo(23081);
                    assertThat(p.beamTcp().framing()).isEqualTo(IngestProperties.Framing.LENGTH_PREFIXED);
                    assertThat(p.beamTcp().maxMessageSize()).isEqualTo(DataSize.ofKilobytes(1));
                    assertThat(p.harvest().identity()).isEqualTo(IngestProperties.HarvestIdentity.HEADER_LINE);
                    assertThat(p.harvest().sources().getFirst().deviceId()).isEqualTo("295000000000007");
                    assertThat(p.harvest().udp().port()).isEqualTo(8514);
                    assertThat(p.harvest().udp().workers()).isEqualTo(2);
                    assertThat(p.harvest().tcp().framing()).isEqualTo(IngestProperties.Framing.LINE);
                    assertThat(p.harvest().tcp().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void socketEntryPointsAreOffByDefault() {
        IngestProperties p = IngestProperties.defaults();
        assertThat(p.beamTcp().enabled()).isFalse();
        assertThat(p.beamTcp().port()).isEqualTo(23080);
        assertThat(p.harvest().udp().enabled()).isFalse();
        assertThat(p.harvest().tcp().enabled()).isFalse();
        assertThat(p.harvest().identity()).isEqualTo(IngestProperties.HarvestIdentity.SOURCE_ADDRESS);
        assertThat(p.binary().formats()).isEmpty();
    }

    @Test
    void nothingConfiguredBindsTheDefaults() {
        runner.run(context -> assertThat(context.getBean(IngestProperties.class)).isEqualTo(IngestProperties.defaults()));
    }

    @Test
    void refusesInvalidSettingsAtStartup() {
        for (String invalid : new String[]{
                "fieldlink.ingest.publish-timeout=100ms",
                "fieldlink.ingest.max-body-size=100B",
                "fieldlink.ingest.topic-partitions=0",
                "fieldlink.ingest.timestamp-field=",
                "fieldlink.ingest.beam.max-skew=0s",
                "fieldlink.ingest.beam.credentials[0].id=x",
                "fieldlink.ingest.funnel.tokens[0].sha256=not-a-hash",
                "fieldlink.ingest.batch.max-items=0",
                "fieldlink.ingest.batch.max-items=10001",
                "fieldlink.ingest.batch.max-body-size=20MB",
                "fieldlink.ingest.rate-limit.capacity=0",
                "fieldlink.ingest.rate-limit.capacity=499", // below batch.max-items
                "fieldlink.ingest.rate-limit.refill-tokens=0",
                "fieldlink.ingest.rate-limit.refill-period=100ms",
                "fieldlink.ingest.rate-limit.max-devices=0",
                "fieldlink.ingest.max-in-flight=0",
                "fieldlink.ingest.max-in-flight=499", // below batch.max-items
                "fieldlink.ingest.harvest.udp.enabled=true", // without tenant
                "fieldlink.ingest.beam-tcp.port=70000",
                "fieldlink.ingest.beam-tcp.framing=smoke-signals",
                "fieldlink.ingest.harvest.max-message-size=100KB",
                "fieldlink.ingest.harvest.udp.workers=0",
                "fieldlink.ingest.harvest.tcp.idle-timeout=0s",
                "fieldlink.ingest.harvest.sources[0].address=10.0.0.1",
        }) {
            runner.withPropertyValues(invalid).run(context -> assertThat(context).as(invalid).hasFailed());
        }
    }
}
