package io.fieldlink.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTopicHealthIndicatorTest {

    @Test
    void unknownWhileTheTopicHasNotBeenReadToItsEnd() {
        // never started: it has read nothing
        var reader = new ApiKeyTopicReader(Map.of("bootstrap.servers", "127.0.0.1:1"), new IssuedApiKeys(),
                Duration.ofSeconds(1));

        var health = new ApiKeyTopicHealthIndicator(reader).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails()).containsEntry("caughtUp", false).containsEntry("topic", "iot.api-keys.v1");
    }
}
