package io.fieldlink.support.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * "kafka" health: up when the cluster answers a describe-cluster within the timeout. Part of the
 * readiness group, so a replica cut off from Kafka stops receiving traffic instead of failing it.
 */
public class KafkaClusterHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final String bootstrapServers;
    private final Duration timeout;
    private volatile Admin admin;

    public KafkaClusterHealthIndicator(String bootstrapServers, Duration timeout) {
        super("Kafka cluster is not reachable");
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .withDetail("nodes", nodes);
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                            AdminClientConfig.CLIENT_ID_CONFIG, "fieldlink-health"));
                }
                current = admin;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
