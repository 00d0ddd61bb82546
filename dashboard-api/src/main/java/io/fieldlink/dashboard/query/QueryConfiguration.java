package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.rollup.RollupProgress;
import io.fieldlink.dashboard.store.IndexLayout;
import org.opensearch.client.RestClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.spring.boot.autoconfigure.OpenSearchConnectionDetails;
import org.opensearch.spring.boot.autoconfigure.OpenSearchProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import tools.jackson.core.StreamWriteFeature;

import javax.net.ssl.SSLContext;
import java.net.URI;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    TelemetryQueries telemetryQueries(OpenSearchClient client, IndexLayout layout) {
        return new TelemetryQueries(client, layout);
    }

    @Bean
    SeriesQueries seriesQueries(SearchTransport seriesSearchTransport, IndexLayout layout, RollupProgress progress) {
        return new SeriesQueries(new MultiSearch(seriesSearchTransport), layout, progress);
    }

    /** The series queries' way to OpenSearch: {@code fieldlink.dashboard.query.search-client} (docs/dashboard-api.md). */
    @Bean
    SearchTransport seriesSearchTransport(DashboardProperties properties, RestClient rest,
                                          OpenSearchConnectionDetails connection, OpenSearchProperties openSearch,
                                          ObjectProvider<SslBundles> sslBundles) {
        if (properties.query().searchClient() == DashboardProperties.SearchClient.REST_CLIENT) {
            return new RestClientSearchTransport(rest);
        }
        String bundle = openSearch.getRestclient().getSsl().getBundle();
        SSLContext ssl = StringUtils.hasText(bundle) ? sslBundles.getObject().getBundle(bundle).createSslContext() : null;
        return new BlockingSearchTransport(connection.getUris().stream().map(URI::create).toList(),
                connection.getPathPrefix(), connection.getUsername(), connection.getPassword(),
                openSearch.getConnectionTimeout(), openSearch.getSocketTimeout(), ssl);
    }

    /**
     * Jackson does not pass its final flush to the response: Spring's message converter flushes the generator after
     * every answer, and a flush reaching Tomcat commits the response before its length is known, so every JSON
     * answer went out chunked, headers and body in separate writes. Without it, an answer that fits the response
     * buffer goes out whole with its {@code Content-Length} (series answers size their buffer to fit); the live
     * stream flushes its events itself.
     */
    @Bean
    JsonMapperBuilderCustomizer answersSentWhole() {
        return builder -> builder.disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM);
    }

    @Bean
    AlertCommandQueries alertCommandQueries(OpenSearchClient client, IndexLayout layout) {
        return new AlertCommandQueries(client, layout);
    }
}
