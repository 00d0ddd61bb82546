package io.fieldlink.dashboard.query;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import java.time.Instant;
import java.util.List;

/**
 * Writes a {@link SeriesSet} exactly as Jackson writes the record ({@code source}, {@code interval}, {@code from},
 * {@code to}, {@code series[]} of {@code deviceId}, {@code metric}, {@code agg}, {@code points[]} of {@code t} and
 * {@code value}, null values included), token by token. A point costs a few generator calls instead of the bean
 * serializer's per-property lookups (writing the answer was about a sixth of dashboard-api's CPU per one-device
 * series query, JFR in docs/benchmarks.md), and bucket times come formatted and encoded from {@link #TIMES}.
 */
final class SeriesSetSerializer extends ValueSerializer<SeriesSet> {

    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString INTERVAL = new SerializedString("interval");
    private static final SerializableString FROM = new SerializedString("from");
    private static final SerializableString TO = new SerializedString("to");
    private static final SerializableString SERIES = new SerializedString("series");
    private static final SerializableString DEVICE_ID = new SerializedString("deviceId");
    private static final SerializableString METRIC = new SerializedString("metric");
    private static final SerializableString AGG = new SerializedString("agg");
    private static final SerializableString POINTS = new SerializedString("points");
    private static final SerializableString T = new SerializedString("t");
    private static final SerializableString VALUE = new SerializedString("value");
    /** Shared by all answers: every series of an answer, and the answers of a dashboard, have the same buckets. */
    private static final BucketTimeTexts TIMES = new BucketTimeTexts();

    @Override
    public void serialize(SeriesSet set, JsonGenerator generator, SerializationContext context) {
        generator.writeStartObject(set);
        generator.writeName(SOURCE);
        generator.writeString(set.source());
        generator.writeName(INTERVAL);
        generator.writeString(set.interval());
        generator.writeName(FROM);
        context.writeValue(generator, set.from());
        generator.writeName(TO);
        context.writeValue(generator, set.to());
        generator.writeName(SERIES);
        generator.writeStartArray();
        for (SeriesSet.Item item : set.series()) {
            generator.writeStartObject(item);
            generator.writeName(DEVICE_ID);
            generator.writeString(item.deviceId());
            generator.writeName(METRIC);
            generator.writeString(item.metric());
            generator.writeName(AGG);
            generator.writeString(item.agg());
            generator.writeName(POINTS);
            points(item.points(), generator, context);
            generator.writeEndObject();
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    private static void points(List<Series.Point> points, JsonGenerator generator, SerializationContext context) {
        generator.writeStartArray();
        for (int i = 0; i < points.size(); i++) {
            Series.Point point = points.get(i);
            generator.writeStartObject(point);
            generator.writeName(T);
            generator.writeString(TIMES.text(point.t()));
            generator.writeName(VALUE);
            Number value = point.value();
            switch (value) {
                case null -> generator.writeNull();
                case Double number -> generator.writeNumber(number.doubleValue());
                case Long number -> generator.writeNumber(number.longValue());
                default -> context.writeValue(generator, value);
            }
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    /**
     * Bucket times as JSON strings, kept across answers in a direct-mapped table by time: formatting and encoding
     * them per answer was most of the bytes a series answer allocated (JFR), and the same bucket starts come back in
     * every answer of a dashboard. {@link SerializedString} keeps its encoded bytes once written. Entries are
     * immutable and the table is read and written without locks on purpose: a lost or overwritten entry only costs
     * one more formatting.
     */
    static final class BucketTimeTexts {

        private static final int BITS = 13;

        private record Entry(Instant time, SerializableString text) {
        }

        private final Entry[] entries = new Entry[1 << BITS];

        SerializableString text(Instant time) {
            // Fibonacci hashing: bucket starts are multiples of their width, the high bits of the product spread them
            int slot = (int) ((time.getEpochSecond() * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - BITS));
            Entry entry = entries[slot];
            if (entry == null || !entry.time().equals(time)) {
                entry = new Entry(time, new SerializedString(BucketTimeSerializer.text(time)));
                entries[slot] = entry;
            }
            return entry.text();
        }
    }
}
