package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.rollup.RollupProgress;
import io.fieldlink.dashboard.store.IndexLayout;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    TelemetryQueries telemetryQueries(OpenSearchClient client, IndexLayout layout) {
        return new TelemetryQueries(client, layout);
    }

    @Bean
    SeriesQueries seriesQueries(OpenSearchClient client, IndexLayout layout, RollupProgress progress) {
        return new SeriesQueries(client, layout, progress);
    }

    @Bean
    AlertCommandQueries alertCommandQueries(OpenSearchClient client, IndexLayout layout) {
        return new AlertCommandQueries(client, layout);
    }
}
