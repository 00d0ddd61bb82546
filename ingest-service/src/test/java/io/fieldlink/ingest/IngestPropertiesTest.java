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
    }

    @Test
    void rangeChecks() {
        assertThat(new IngestProperties(null, null, DataSize.ofBytes(10), Duration.ofMillis(200), null, null, null, null, null))
                .satisfies(p -> {
                    assertThat(p.isMaxBodySizeInRange()).isFalse();
                    assertThat(p.isPublishTimeoutInRange()).isFalse();
                });
        assertThat(new IngestProperties.Beam(Duration.ofHours(2), null).isMaxSkewInRange()).isFalse();
    }

    @Test
    void credentialsNeverPrintTheirKeys() {
        var c = new IngestProperties.BeamCredential("local", "OP0000000001", "very-secret-psk", "older-secret-psk");
        var p = new IngestProperties(new IngestProperties.Beam(null, java.util.List.of(c)), null, null, null, null, null, null, null, null);
        assertThat(p.toString()).contains("local").doesNotContain("very-secret-psk").doesNotContain("older-secret-psk");
    }
}
