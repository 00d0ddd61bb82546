package io.fieldlink.support.security;

import io.fieldlink.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code iot.api-keys.v1} must be compacted: with the broker's default (delete after 7 days) issued keys would
 * vanish from the topic and stop working at the next restart of a service. So the reader of every service and the
 * writer create it (compacted) before they touch it, instead of leaving it to the broker's auto-creation.
 */
public final class ApiKeyTopic {

    private ApiKeyTopic() {
    }

    /**
     * Creates the topic when it does not exist (partitions and replication: the broker's defaults); an existing
     * topic is left as it is.
     *
     * @param clientConfig Kafka client settings; bootstrap, security, SASL and SSL settings are used
     */
    public static void ensure(Map<String, Object> clientConfig, Duration timeout) throws Exception {
        Map<String, Object> adminConfig = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (key.startsWith("bootstrap.") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                adminConfig.put(key, value);
            }
        });
        adminConfig.put("request.timeout.ms", (int) timeout.toMillis());
        adminConfig.put("default.api.timeout.ms", (int) timeout.toMillis());
        Admin admin = Admin.create(adminConfig);
        try {
            admin.createTopics(List.of(new NewTopic(Topics.API_KEYS.name(), Optional.empty(), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        } finally {
            // not the default close, which waits for calls still in flight: a stopping service must not hang here
            admin.close(Duration.ofSeconds(1));
        }
    }
}
