package io.fieldlink.rules.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

    @Test
    void theDefaultsStayWellBelowKafkasPollInterval() {
        RetrySchedule defaults = new RetrySchedule(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
                Duration.ofSeconds(5));

        assertThat(defaults.totalBackoff()).isEqualTo(Duration.ofSeconds(1 + 2 + 4 + 8));
        // 5 attempts of the failing record + 9 records before it, 5s each, plus the waits
        assertThat(defaults.worstCaseBetweenPolls(10)).isEqualTo(Duration.ofSeconds(70 + 15));
        assertThat(NotificationConfiguration.maxPollInterval(Channel.WEBHOOK, defaults, new HashMap<>()))
                .isEqualTo(300_000);
    }

    @Test
    void waitsAreCappedAtTheMaximum() {
        RetrySchedule capped = new RetrySchedule(4, Duration.ofSeconds(10), 3.0, Duration.ofSeconds(20),
                Duration.ofSeconds(1));

        assertThat(capped.totalBackoff()).isEqualTo(Duration.ofSeconds(10 + 20 + 20));
    }

    @Test
    void thePollIntervalIsRaisedWhenTheRetriesWouldOutlastIt() {
        RetrySchedule slow = new RetrySchedule(20, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5),
                Duration.ofSeconds(30));
        Map<String, Object> consumer = new HashMap<>(Map.of("max.poll.interval.ms", "300000"));

        long needed = slow.worstCaseBetweenPolls(NotificationConfiguration.MAX_POLL_RECORDS).plusSeconds(30).toMillis();
        assertThat(NotificationConfiguration.maxPollInterval(Channel.EMAIL, slow, consumer)).isEqualTo((int) needed);
    }
}
