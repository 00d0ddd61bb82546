package io.fieldlink.dashboard.store;

import io.fieldlink.dashboard.DashboardProperties;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The read model's layout, its templates and its health, on the OpenSearch client of spring-data-opensearch. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean
    IndexLayout indexLayout(DashboardProperties properties) {
        return IndexLayout.of(properties);
    }

    @Bean
    IndexTemplates indexTemplates(OpenSearchClient client, IndexLayout layout, DashboardProperties properties) {
        return new IndexTemplates(client, layout, properties.index());
    }

    @Bean(name = "opensearchHealthIndicator")
    OpenSearchHealthIndicator opensearchHealthIndicator(OpenSearchClient client) {
        return new OpenSearchHealthIndicator(client);
    }

    /**
     * Installs the templates at start-up when OpenSearch is already there; when it is not, the
     * projector installs them before its first write (and keeps retrying), so start-up never fails on it.
     */
    @EventListener(ApplicationReadyEvent.class)
    void installTemplates(ApplicationReadyEvent event) {
        IndexTemplates templates = event.getApplicationContext().getBean(IndexTemplates.class);
        try {
            templates.ensureInstalled();
        } catch (Exception e) {
            log.warn("Index templates not installed yet (OpenSearch unavailable?): {}; the projector retries before "
                    + "its first write", e.toString());
        }
    }
}
