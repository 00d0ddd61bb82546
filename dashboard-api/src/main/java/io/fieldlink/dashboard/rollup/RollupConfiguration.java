package io.fieldlink.dashboard.rollup;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Hourly rollups and retention (see {@code docs/dashboard-api.md}, "Retention and rollups"). */
@Configuration(proxyBeanMethods = false)
class RollupConfiguration {

    @Bean
    RollupProgress rollupProgress(OpenSearchClient client, IndexLayout layout, Clock clock) {
        return new RollupProgress(client, layout, clock);
    }

    @Bean
    HourlyRollups hourlyRollups(OpenSearchClient client, IndexLayout layout, IndexTemplates templates,
                                RollupProgress progress, DashboardProperties properties) {
        return new HourlyRollups(client, layout, templates, progress, properties.retention());
    }

    @Bean
    Retention retention(OpenSearchClient client, IndexLayout layout, RollupProgress progress,
                        DashboardProperties properties) {
        return new Retention(client, layout, progress, new RetentionPolicy(properties.index().prefix(),
                properties.retention().raw(), properties.retention().rollups()));
    }

    @Bean
    @ConditionalOnProperty(name = "fieldlink.dashboard.retention.enabled", havingValue = "true", matchIfMissing = true)
    RollupJob rollupJob(HourlyRollups rollups, Retention retention, Clock clock, DashboardProperties properties) {
        return new RollupJob(rollups, retention, clock, properties.retention().runEvery());
    }
}
