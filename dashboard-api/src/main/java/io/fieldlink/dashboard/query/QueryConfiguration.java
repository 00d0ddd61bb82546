package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.rollup.RollupProgress;
import io.fieldlink.dashboard.store.IndexLayout;
import org.opensearch.client.RestClient;
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
    SeriesQueries seriesQueries(OpenSearchClient client, RestClient rest, IndexLayout layout, RollupProgress progress) {
        return new SeriesQueries(new MultiSearch(rest, client._transport().jsonpMapper()), layout, progress);
    }

    @Bean
    AlertCommandQueries alertCommandQueries(OpenSearchClient client, IndexLayout layout) {
        return new AlertCommandQueries(client, layout);
    }
}
