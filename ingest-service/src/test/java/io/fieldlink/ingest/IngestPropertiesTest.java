package io.fieldlink.ingest;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPropertiesTest {

    @Test
    void defaults() {
        IngestProperties p = IngestProperties.defaults();
        assertThat(p.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(p.publishTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.topicPartitions()).isEqualTo(6);
        assertThat(p.timestampField()).isEqualTo("timestamp");
        assertThat(p.beam().maxSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.beam().credentials()).isEmpty();
        assertThat(p.funnel().tokens()).isEmpty();
        assertThat(p.isMaxBodySizeInRange()).isTrue();
        assertThat(p.isPublishTimeoutInRange()).isTrue();
        assertThat(p.beam().isMaxSkewInRange()).isTrue();
        assertThat(p.batch().maxItems()).isEqualTo(500);
        assertThat(p.batch().maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(p.rateLimit().enabled()).isTrue();
        assertThat(p.rateLimit().capacity()).isEqualTo(1000);
        assertThat(p.rateLimit().refillTokens()).isEqualTo(1000);
        assertThat(p.rateLimit().refillPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.rateLimit().maxDevices()).isEqualTo(100_000);
        assertThat(p.maxInFlight()).isEqualTo(10_000);
        assertThat(p.isMaxInFlightAtLeastOneBatch()).isTrue();
        assertThat(p.isRateLimitCapacityAtLeastOneBatch()).isTrue();
        assertThat(p.batch().isMaxBodySizeInRange()).isTrue();
        assertThat(p.rateLimit().isRefillPeriodInRange()).isTrue();
    }

    @Test
    void aFullBatchMustFitTheBucketAndTheInFlightLimit() {
        var batch = new IngestProperties.Batch(1001, null);
        var p = new IngestProperties(null, null, null, null, null, null, batch, null, 1000, null, null, null, null, null);
        assertThat(p.isRateLimitCapacityAtLeastOneBatch()).isFalse();
        assertThat(p.isMaxInFlightAtLeastOneBatch()).isFalse();
        var off = new IngestProperties(null, null, null, null, null, null, batch,
                new IngestProperties.RateLimit(false, null, null, null, null), null, null, null, null, null, null);
        assertThat(off.isRateLimitCapacityAtLeastOneBatch()).as("no bucket, no constraint").isTrue();
    }

    @Test
    void anIdleBucketIsDroppedOnceItWouldBeFullAgain() {
        assertThat(new IngestProperties.RateLimit(null, 100L, 10L, Duration.ofSeconds(1), null).timeToFull())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(new IngestProperties.RateLimit(null, 1_000_000L, 1L, Duration.ofDays(1), null).timeToFull())
                .isEqualTo(Duration.ofDays(1_000_000));
    }

    @Test
    void rangeChecks() {
        assertThat(new IngestProperties(null, null, DataSize.ofBytes(10), Duration.ofMillis(200), null, null, null, null, null, null, null, null, null, null))
                .satisfies(p -> {
                    assertThat(p.isMaxBodySizeInRange()).isFalse();
                    assertThat(p.isPublishTimeoutInRange()).isFalse();
                });
        assertThat(new IngestProperties.Beam(Duration.ofHours(2), null).isMaxSkewInRange()).isFalse();
    }

    @Test
    void credentialsNeverPrintTheirKeys() {
        var c = new IngestProperties.BeamCredential("local", "OP0000000001", "very-secret-psk", "older-secret-psk");
        var p = new IngestProperties(new IngestProperties.Beam(null, java.util.List.of(c)), null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(p.toString()).contains("local").doesNotContain("very-secret-psk").doesNotContain("older-secret-psk");
    }
}
