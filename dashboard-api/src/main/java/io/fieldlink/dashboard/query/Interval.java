package io.fieldlink.dashboard.query;

import io.fieldlink.support.problem.ApiProblemException;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed bucket width: a positive whole number of seconds ({@code s}), minutes ({@code m}), hours
 * ({@code h}) or days ({@code d}, always 24 h), written the way OpenSearch's {@code fixed_interval}
 * takes it ({@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}).
 */
record Interval(long amount, char unit) {

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,8})([smhd])");

    /** Round widths tried, smallest first, when the caller does not choose one. */
    private static final List<Interval> ROUND = List.of(
            new Interval(1, 's'), new Interval(5, 's'), new Interval(10, 's'), new Interval(15, 's'),
            new Interval(30, 's'), new Interval(1, 'm'), new Interval(5, 'm'), new Interval(10, 'm'),
            new Interval(15, 'm'), new Interval(30, 'm'), new Interval(1, 'h'), new Interval(2, 'h'),
            new Interval(3, 'h'), new Interval(6, 'h'), new Interval(12, 'h'), new Interval(1, 'd'),
            new Interval(7, 'd'), new Interval(30, 'd'));

    static Interval parse(String text) {
        Matcher matcher = FORMAT.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw ApiProblemException.invalidParameter("interval",
                    "Parameter 'interval' must be a positive whole number followed by s, m, h or d (e.g. 30s, 5m, 1h, 1d).");
        }
        return new Interval(Long.parseLong(matcher.group(1)), matcher.group(2).charAt(0));
    }

    /** The smallest round interval that cuts {@code range} into at most {@code maxBuckets} buckets. */
    static Interval auto(Duration range, int maxBuckets) {
        for (Interval candidate : ROUND) {
            if (candidate.bucketsFor(range) <= maxBuckets) {
                return candidate;
            }
        }
        long days = Math.max(1, ceilDiv(range.toMillis(), (long) maxBuckets * Duration.ofDays(1).toMillis()));
        while (new Interval(days, 'd').bucketsFor(range) > maxBuckets) {
            days++;
        }
        return new Interval(days, 'd');
    }

    static final Interval ONE_HOUR = new Interval(1, 'h');

    /** This width when it is a whole number of hours, else the next whole number of hours (90m -> 2h). */
    Interval roundedUpToHours() {
        long hour = ONE_HOUR.millis();
        if (millis() % hour == 0) {
            return this;
        }
        return new Interval(ceilDiv(millis(), hour), 'h');
    }

    Duration duration() {
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    long millis() {
        return duration().toMillis();
    }

    /** Upper bound of the buckets a range of this length touches (the first may be partial). */
    long bucketsFor(Duration range) {
        return ceilDiv(range.toMillis(), millis()) + 1;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public String toString() {
        return amount + String.valueOf(unit);
    }
}
