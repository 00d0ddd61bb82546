package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.support.problem.ApiProblemException;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated series request: readings of one metric of one device with event time in
 * {@code [from, to)}, cut into buckets aligned to whole multiples of the interval since the epoch (UTC).
 * The first bucket starts at or before {@code from}; only readings from {@code from} on count.
 */
record SeriesQuery(String deviceId, String metric, Instant from, Instant to, Interval interval, Aggregation agg) {

    static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]+");
    static final int MAX_METRIC_LENGTH = 255;
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * @throws ApiProblemException 400 naming the first invalid parameter
     */
    static SeriesQuery parse(String deviceId, String metric, String from, String to, String interval, String agg,
                             Clock clock, DashboardProperties.Query limits) {
        metric(metric);
        Aggregation aggregation = Aggregation.parse(agg);
        Window window = window(from, to, interval, clock, limits);
        Instant start = window.from();
        Instant end = window.to();
        Interval width = window.interval();
        SeriesQuery query = new SeriesQuery(deviceId, metric, start, end, width, aggregation);
        checkBuckets(query.bucketCount(), width, limits);
        return query;
    }

    /** A validated range and bucket width (automatic when none was given); buckets not checked yet. */
    record Window(Instant from, Instant to, Interval interval) {
    }

    static Window window(String from, String to, String interval, Clock clock, DashboardProperties.Query limits) {
        Interval explicitWidth = isAbsent(interval) ? null : Interval.parse(interval);
        Instant end = isAbsent(to) ? clock.instant() : instant("to", to);
        Instant start = isAbsent(from) ? end.minus(defaultRange(explicitWidth, limits)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ApiProblemException.invalidParameter("from", "Parameter 'from' must be before 'to' (" + end + ").");
        }
        Interval width = explicitWidth != null
                ? explicitWidth
                : Interval.auto(Duration.between(start, end), limits.autoIntervalBuckets());
        return new Window(start, end, width);
    }

    /** 400 naming {@code interval} when the range cut by {@code width} has more than {@code max-buckets} buckets. */
    static void checkBuckets(long buckets, Interval width, DashboardProperties.Query limits) {
        if (buckets > limits.maxBuckets()) {
            throw ApiProblemException.invalidParameter("interval", "Interval " + width + " cuts the range into "
                    + buckets + " buckets; at most " + limits.maxBuckets() + " are allowed: choose a larger interval "
                    + "or a shorter range.").with("maxBuckets", limits.maxBuckets());
        }
    }

    /** Validates one measurement name; the parameter is always {@code metric}. */
    static String metric(String metric) {
        if (metric == null || metric.isBlank()) {
            throw ApiProblemException.invalidParameter("metric", "Parameter 'metric' is required.");
        }
        if (metric.length() > MAX_METRIC_LENGTH || !METRIC.matcher(metric).matches()) {
            throw ApiProblemException.invalidParameter("metric", "Parameter 'metric' must match [A-Za-z0-9_.-]+ (max "
                    + MAX_METRIC_LENGTH + " characters).");
        }
        return metric;
    }

    /**
     * The range when {@code from} is absent: the configured default range, shortened when a fine
     * interval was asked for, so that the newest {@code max-buckets} buckets are returned instead of
     * a 400 (the first bucket may be partial, hence one bucket less).
     */
    static Duration defaultRange(Interval interval, DashboardProperties.Query limits) {
        if (interval == null) {
            return limits.defaultRange();
        }
        Duration fitting = interval.duration().multipliedBy(limits.maxBuckets() - 1L);
        return fitting.isZero() || fitting.compareTo(limits.defaultRange()) >= 0 ? limits.defaultRange() : fitting;
    }

    /** Start of the first bucket: {@code from} rounded down to a multiple of the interval. */
    Instant firstBucket() {
        return firstBucket(from, interval);
    }

    long bucketCount() {
        return bucketCount(from, to, interval);
    }

    /** Start of every bucket, in order. */
    List<Instant> buckets() {
        return buckets(from, to, interval);
    }

    static Instant firstBucket(Instant from, Interval interval) {
        long width = interval.millis();
        return Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), width) * width);
    }

    static long bucketCount(Instant from, Instant to, Interval interval) {
        long width = interval.millis();
        long span = to.toEpochMilli() - firstBucket(from, interval).toEpochMilli();
        return -Math.floorDiv(-span, width);
    }

    static List<Instant> buckets(Instant from, Instant to, Interval interval) {
        long width = interval.millis();
        long count = bucketCount(from, to, interval);
        List<Instant> keys = new ArrayList<>((int) count);
        long key = firstBucket(from, interval).toEpochMilli();
        for (long i = 0; i < count; i++, key += width) {
            keys.add(Instant.ofEpochMilli(key));
        }
        return keys;
    }

    private static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }

    /**
     * ISO-8601 instant with {@code Z} or an offset. A '+' sent unencoded in a query string arrives as a
     * space; it is read as the '+' it was meant to be.
     */
    static Instant instant(String parameter, String text) {
        String value = text.strip().replace(' ', '+');
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw ApiProblemException.invalidParameter(parameter, "Parameter '" + parameter
                    + "' must be an ISO-8601 date-time with offset, e.g. 2026-11-27T10:00:00Z.");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiProblemException.invalidParameter(parameter, "Parameter '" + parameter
                    + "' must lie in the years 0000 to 9999.");
        }
        return instant;
    }
}
