package io.fieldlink.dashboard.store;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class IndexLayoutTest {

    @Test
    void monthlyIndicesByEventTimeInUtc() {
        IndexLayout layout = new IndexLayout("fieldlink", Granularity.MONTHLY);

        assertThat(layout.telemetryIndex(Instant.parse("2026-11-27T10:15:30Z"))).isEqualTo("fieldlink-telemetry-2026.11");
        assertThat(layout.telemetryIndex(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo("fieldlink-telemetry-2026.01");
        assertThat(layout.telemetryIndex(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo("fieldlink-telemetry-2026.12");
        // 23:30 on Nov 30 at UTC-1 is already December in UTC
        assertThat(layout.telemetryIndex(OffsetDateTime.parse("2026-11-30T23:30:00-01:00").toInstant()))
                .isEqualTo("fieldlink-telemetry-2026.12");
    }

    @Test
    void dailyIndices() {
        IndexLayout layout = new IndexLayout("farm", Granularity.DAILY);

        assertThat(layout.telemetryIndex(Instant.parse("2026-11-27T23:59:59Z"))).isEqualTo("farm-telemetry-2026.11.27");
        assertThat(layout.telemetryIndex(Instant.parse("2026-11-28T00:00:00Z"))).isEqualTo("farm-telemetry-2026.11.28");
        assertThat(layout.telemetryIndex(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo("farm-telemetry-1970.01.01");
    }

    @Test
    void otherNames() {
        IndexLayout layout = IndexLayout.of(new DashboardProperties(null, null, null, null, null, null));

        assertThat(layout.telemetryPattern()).isEqualTo("fieldlink-telemetry-*");
        assertThat(layout.telemetryTemplate()).isEqualTo("fieldlink-telemetry");
        assertThat(layout.devicesIndex()).isEqualTo("fieldlink-devices");
        assertThat(layout.devicesTemplate()).isEqualTo("fieldlink-devices");
        assertThat(IndexLayout.deviceDocumentId("OP0000000001", "295050910000001"))
                .isEqualTo("OP0000000001:295050910000001");
    }
}
