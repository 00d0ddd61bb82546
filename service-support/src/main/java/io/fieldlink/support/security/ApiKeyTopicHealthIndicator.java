package io.fieldlink.support.security;

import io.fieldlink.contracts.Topics;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * "apiKeys" health: UP once {@link ApiKeyTopicReader} has read {@code iot.api-keys.v1} to the end it had when the
 * reader (re)connected, UNKNOWN before that and while Kafka cannot be reached: keys issued on dashboard-api may not
 * be known yet, so their callers get 401. Deliberately neither DOWN nor part of the readiness group: meanwhile the
 * service serves configured keys and JWTs, and a Kafka outage must not take every replica out of service for that.
 * UNKNOWN ranks below UP, so the overall status stays what the other indicators say.
 */
final class ApiKeyTopicHealthIndicator extends AbstractHealthIndicator {

    private final ApiKeyTopicReader reader;

    ApiKeyTopicHealthIndicator(ApiKeyTopicReader reader) {
        super("API key topic reader state unavailable");
        this.reader = reader;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean caughtUp = reader.caughtUp();
        builder.status(caughtUp ? Status.UP : Status.UNKNOWN)
                .withDetail("topic", Topics.API_KEYS.name())
                .withDetail("caughtUp", caughtUp);
    }
}
