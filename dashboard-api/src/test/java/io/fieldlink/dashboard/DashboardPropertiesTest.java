package io.fieldlink.dashboard;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DashboardProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaults() {
        runner.run(context -> {
            DashboardProperties properties = context.getBean(DashboardProperties.class);
            assertThat(properties.index()).isEqualTo(new DashboardProperties.Index("fieldlink",
                    DashboardProperties.Granularity.MONTHLY, 1, 1));
            assertThat(properties.query()).isEqualTo(new DashboardProperties.Query(10_000, Duration.ofHours(24), 300, 50,
                    500, 100, 10, Duration.ofMinutes(10), DashboardProperties.SearchClient.BLOCKING,
                    DataSize.ofKilobytes(512)));
            assertThat(properties.projector()).isEqualTo(new DashboardProperties.Projector(500, Duration.ofMillis(500), 1,
                    Duration.ofSeconds(1), Duration.ofSeconds(30), "iot.telemetry.dlq.v1", "iot.alerts.dlq.v1",
                    "iot.command-status.dlq.v1", "iot.devices.dlq.v1"));
            assertThat(properties.upstreams()).isEqualTo(new DashboardProperties.Upstreams(
                    java.net.URI.create("http://localhost:8083"), java.net.URI.create("http://localhost:8082"),
                    Duration.ofSeconds(2), Duration.ofSeconds(10)));
            assertThat(properties.live()).isEqualTo(new DashboardProperties.Live(Duration.ofSeconds(15), 20, 1000, 1000,
                    Duration.ofMinutes(30)));
            assertThat(properties.retention()).isEqualTo(new DashboardProperties.Retention(Duration.ofDays(40),
                    Duration.ofDays(730), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(7), true, 1_000));
        });
    }

    @Test
    void bindsOverrides() {
        runner.withPropertyValues("fieldlink.dashboard.index.prefix=farm-1", "fieldlink.dashboard.index.granularity=daily",
                        "fieldlink.dashboard.query.max-buckets=500", "fieldlink.dashboard.query.default-range=7d",
                        "fieldlink.dashboard.projector.max-batch-size=100",
                        "fieldlink.dashboard.projector.retry-max-interval=1m",
                        "fieldlink.dashboard.query.online-within=2m")
                .run(context -> {
                    DashboardProperties properties = context.getBean(DashboardProperties.class);
                    assertThat(properties.index().prefix()).isEqualTo("farm-1");
                    assertThat(properties.index().granularity()).isEqualTo(DashboardProperties.Granularity.DAILY);
                    assertThat(properties.query().maxBuckets()).isEqualTo(500);
                    assertThat(properties.query().defaultRange()).isEqualTo(Duration.ofDays(7));
                    assertThat(properties.projector().maxBatchSize()).isEqualTo(100);
                    assertThat(properties.projector().retryMaxInterval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(properties.query().onlineWithin()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void refusesInvalidValuesAtStartUp() {
        for (String invalid : new String[] {
                "fieldlink.dashboard.index.prefix=Not Valid",
                "fieldlink.dashboard.index.shards=0",
                "fieldlink.dashboard.query.max-page-size=0",
                "fieldlink.dashboard.query.default-page-size=600",
                "fieldlink.dashboard.query.auto-interval-buckets=1",
                "fieldlink.dashboard.query.default-range=0s",
                "fieldlink.dashboard.upstreams.commands-url=localhost:8083",
                "fieldlink.dashboard.upstreams.rules-url=http://rules:8082/?x=1",
                "fieldlink.dashboard.upstreams.request-timeout=0s",
                "fieldlink.dashboard.live.max-queued=0",
                "fieldlink.dashboard.live.heartbeat=10ms",
                "fieldlink.dashboard.projector.max-batch-size=0",
                "fieldlink.dashboard.projector.retry-initial-interval=1m",
                "fieldlink.dashboard.projector.dead-letter-topic= ",
                "fieldlink.dashboard.query.max-devices=0",
                "fieldlink.dashboard.query.max-metrics=101",
                "fieldlink.dashboard.query.online-within=0s",
                "fieldlink.dashboard.query.online-within=-5m",
                "fieldlink.dashboard.projector.devices-dead-letter-topic= ",
                "fieldlink.dashboard.retention.raw=12h",
                "fieldlink.dashboard.retention.rollups=10d",
                "fieldlink.dashboard.retention.raw-max-range=41d",
                "fieldlink.dashboard.retention.run-every=0s"}) {
            runner.withPropertyValues(invalid).run(context -> assertThat(context).as(invalid).hasFailed());
        }
    }
}
