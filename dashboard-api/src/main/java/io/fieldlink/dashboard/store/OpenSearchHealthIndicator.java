package io.fieldlink.dashboard.store;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch.cluster.HealthResponse;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * "opensearch" health: up while the cluster answers and is green or yellow (yellow is normal on a
 * single node with replicas configured). Part of the readiness group: without the store the API
 * cannot answer.
 */
class OpenSearchHealthIndicator extends AbstractHealthIndicator {

    private final OpenSearchClient client;

    OpenSearchHealthIndicator(OpenSearchClient client) {
        super("OpenSearch is not reachable");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = client.cluster().health();
        HealthStatus status = health.status();
        (status == HealthStatus.Red ? builder.down() : builder.up())
                .withDetail("cluster", health.clusterName())
                .withDetail("status", status.jsonValue())
                .withDetail("nodes", health.numberOfNodes());
    }
}
