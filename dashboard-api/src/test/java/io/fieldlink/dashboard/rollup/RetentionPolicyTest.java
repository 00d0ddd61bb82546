package io.fieldlink.dashboard.rollup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPolicyTest {

    private static final RetentionPolicy POLICY = new RetentionPolicy("fieldlink", Duration.ofDays(40),
            Duration.ofDays(730));
    private static final Instant NOW = Instant.parse("2026-11-28T01:00:00Z");
    private static final List<String> INDICES = List.of(
            "fieldlink-telemetry-2026.09", "fieldlink-telemetry-2026.10", "fieldlink-telemetry-2026.11",
            "fieldlink-telemetry-2026.10.18", "fieldlink-telemetry-2026.10.19", "fieldlink-telemetry-2026.11.28",
            "fieldlink-rollup-2023", "fieldlink-rollup-2024", "fieldlink-rollup-2025", "fieldlink-rollup-2026",
            "fieldlink-telemetry-backup", "fieldlink-rollup-x", "fieldlink-devices", "fieldlink-jobs",
            "other-telemetry-2020.01", "fieldlink-telemetry-2026.13");

    @Test
    void deletesWholePeriodsOlderThanTheRetentionAndNeverTheCurrentOnes() {
        // raw cut-off 2026-10-19T01:00Z: September and the day 10-18 ended before it; October did not
        // rollup cut-off 2024-11-28T01:00Z: 2023 ended before it, 2024 did not
        assertThat(POLICY.toDelete(INDICES, NOW, NOW)).containsExactly(
                "fieldlink-rollup-2023", "fieldlink-telemetry-2026.09", "fieldlink-telemetry-2026.10.18");
    }

    @Test
    void rawIndicesWaitUntilTheirHoursAreRolledUp() {
        assertThat(POLICY.toDelete(INDICES, NOW, Instant.parse("2026-10-01T00:00:00Z")))
                .containsExactly("fieldlink-rollup-2023", "fieldlink-telemetry-2026.09");
        assertThat(POLICY.toDelete(INDICES, NOW, Instant.EPOCH)).containsExactly("fieldlink-rollup-2023");
    }

    @Test
    void periodsOfNames() {
        assertThat(RetentionPolicy.telemetryEnd("2026.12")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(RetentionPolicy.telemetryEnd("2026.02.28")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(RetentionPolicy.telemetryEnd("2026.02.30")).isNull();
        assertThat(RetentionPolicy.telemetryEnd("2026")).isNull();
        assertThat(RetentionPolicy.rollupEnd("2026")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(RetentionPolicy.rollupEnd("2026.01")).isNull();
    }

    @Test
    void hoursMergeIntoRanges() {
        Instant h = Instant.parse("2026-11-27T10:00:00Z");
        List<HourlyRollups.HourRange> ranges = HourlyRollups.HourRange.merge(List.of(
                h.plusSeconds(3600), h, h.plusSeconds(5 * 3600), h.plusSeconds(3600)));

        assertThat(ranges).containsExactly(
                new HourlyRollups.HourRange(h, h.plusSeconds(2 * 3600)),
                new HourlyRollups.HourRange(h.plusSeconds(5 * 3600), h.plusSeconds(6 * 3600)));
        assertThat(HourlyRollups.floorHour(Instant.parse("2026-11-27T10:59:59.999Z"))).isEqualTo(h);
        assertThat(HourlyRollups.documentId("OP1", "dev", "soil.temp", h)).isEqualTo("OP1:dev:soil.temp:"
                + h.toEpochMilli());
    }

    @Test
    void aBacklogIsRolledUpInSlicesOfAWeek() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        List<HourlyRollups.HourRange> slices = HourlyRollups.HourRange.slices(from, from.plusSeconds(400 * 3600L),
                HourlyRollups.HOURS_PER_SLICE);

        assertThat(slices).extracting(HourlyRollups.HourRange::hours).containsExactly(168L, 168L, 64L);
        assertThat(slices.getFirst().from()).isEqualTo(from);
        assertThat(slices.get(1).from()).isEqualTo(slices.getFirst().to());
        assertThat(slices.getLast().to()).isEqualTo(from.plusSeconds(400 * 3600L));
        assertThat(HourlyRollups.HourRange.slices(from, from, 168)).isEmpty();
        assertThat(HourlyRollups.HourRange.slices(from.plusSeconds(3600), from, 168)).isEmpty();
    }
}
