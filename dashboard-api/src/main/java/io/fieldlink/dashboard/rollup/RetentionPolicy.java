package io.fieldlink.dashboard.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which indices retention deletes: a telemetry index ({@code <prefix>-telemetry-yyyy.MM} or
 * {@code -yyyy.MM.dd}, both granularities understood) once its whole period ended before
 * {@code now - raw} and before the rollups' progress (so no reading is deleted before it was rolled
 * up); a rollup index ({@code <prefix>-rollup-yyyy}) once its whole year ended before {@code now - rollups}.
 * The current indices can never qualify; a name that does not parse is never deleted.
 */
record RetentionPolicy(String prefix, java.time.Duration raw, java.time.Duration rollups) {

    private static final Pattern MONTHLY = Pattern.compile("(\\d{4})\\.(\\d{2})");
    private static final Pattern DAILY = Pattern.compile("(\\d{4})\\.(\\d{2})\\.(\\d{2})");
    private static final Pattern YEARLY = Pattern.compile("(\\d{4})");

    /**
     * @param indices    existing index names (other names are ignored)
     * @param rolledUpTo the rollup job's progress; raw indices are kept until it passed their end
     */
    List<String> toDelete(Collection<String> indices, Instant now, Instant rolledUpTo) {
        Instant rawCutoff = now.minus(raw);
        if (rolledUpTo.isBefore(rawCutoff)) {
            rawCutoff = rolledUpTo;
        }
        Instant rollupCutoff = now.minus(rollups);
        List<String> delete = new ArrayList<>();
        for (String index : indices) {
            Instant end = null;
            Instant cutoff = null;
            if (index.startsWith(prefix + "-telemetry-")) {
                end = telemetryEnd(index.substring((prefix + "-telemetry-").length()));
                cutoff = rawCutoff;
            } else if (index.startsWith(prefix + "-rollup-")) {
                end = rollupEnd(index.substring((prefix + "-rollup-").length()));
                cutoff = rollupCutoff;
            }
            if (end != null && !end.isAfter(cutoff)) {
                delete.add(index);
            }
        }
        delete.sort(null);
        return delete;
    }

    /** End (exclusive) of the period a telemetry index holds, or null when the suffix is not a period. */
    static Instant telemetryEnd(String suffix) {
        try {
            Matcher daily = DAILY.matcher(suffix);
            if (daily.matches()) {
                return LocalDate.of(Integer.parseInt(daily.group(1)), Integer.parseInt(daily.group(2)),
                        Integer.parseInt(daily.group(3))).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            Matcher monthly = MONTHLY.matcher(suffix);
            if (monthly.matches()) {
                return LocalDate.of(Integer.parseInt(monthly.group(1)), Integer.parseInt(monthly.group(2)), 1)
                        .plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
        } catch (java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    static Instant rollupEnd(String suffix) {
        Matcher yearly = YEARLY.matcher(suffix);
        return yearly.matches()
                ? LocalDate.of(Integer.parseInt(yearly.group(1)) + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC)
                : null;
    }
}
