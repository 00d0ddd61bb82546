package io.fieldlink.dashboard.query;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link SeriesSet} exactly as Jackson writes the record ({@code source}, {@code interval}, {@code from},
 * {@code to}, {@code series[]} of {@code deviceId}, {@code metric}, {@code agg}, {@code points[]} of {@code t} and
 * {@code value}, null values included), token by token. Every series of an answer has the same buckets, so each
 * bucket time is formatted once per answer, not once per point; and a point costs a few generator calls instead of
 * the bean serializer's per-property lookups (writing the answer was about a sixth of dashboard-api's CPU per
 * one-device series query, JFR in docs/benchmarks.md).
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
        BucketTimes times = new BucketTimes();
        for (SeriesSet.Item item : set.series()) {
            generator.writeStartObject(item);
            generator.writeName(DEVICE_ID);
            generator.writeString(item.deviceId());
            generator.writeName(METRIC);
            generator.writeString(item.metric());
            generator.writeName(AGG);
            generator.writeString(item.agg());
            generator.writeName(POINTS);
            points(item.points(), times, generator, context);
            generator.writeEndObject();
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    private static void points(List<Series.Point> points, BucketTimes times, JsonGenerator generator,
                               SerializationContext context) {
        generator.writeStartArray();
        for (int i = 0; i < points.size(); i++) {
            Series.Point point = points.get(i);
            generator.writeStartObject(point);
            generator.writeName(T);
            generator.writeString(times.text(i, point.t()));
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

    /** The text of each bucket time, by position; reused while the series of an answer share their buckets. */
    private static final class BucketTimes {

        private Instant[] times = new Instant[0];
        private SerializableString[] texts = new SerializableString[0];

        SerializableString text(int position, Instant time) {
            if (position >= times.length) {
                int length = Math.max(position + 1, times.length * 2);
                times = Arrays.copyOf(times, length);
                texts = Arrays.copyOf(texts, length);
            }
            Instant known = times[position];
            if (known != time && !time.equals(known)) {
                times[position] = time;
                texts[position] = new SerializedString(BucketTimeSerializer.text(time));
            }
            return texts[position];
        }
    }
}
