package io.fieldlink.dashboard.query;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import java.util.List;

/**
 * Writes a {@link SeriesSet} exactly as Jackson writes the record ({@code source}, {@code interval}, {@code from},
 * {@code to}, {@code series[]} of {@code deviceId}, {@code metric}, {@code agg}, {@code points[]} of {@code t} and
 * {@code value}, null values included), token by token instead of the bean serializer's per-property lookups
 * (writing the answer was about a sixth of dashboard-api's CPU per one-device series query, JFR in
 * docs/benchmarks.md). A series' points go as one raw value built by {@link PointsText} where it can write them,
 * through the generator otherwise.
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
        PointsText text = PointsText.forGenerator(generator);
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
            if (text == null || !text.write(item.points(), generator)) {
                points(item.points(), generator, context);
            }
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
            generator.writeString(BucketTimeSerializer.text(point.t()));
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
}
