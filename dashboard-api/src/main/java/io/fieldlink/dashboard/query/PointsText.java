package io.fieldlink.dashboard.query;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonGeneratorBase;
import tools.jackson.core.json.JsonWriteFeature;

import java.time.Instant;
import java.util.List;

/**
 * A series' points as the JSON text Jackson's generator would write for them ({@code [{"t":"...","value":...},...]}),
 * built in a {@link StringBuilder} and handed to the generator as one raw value. Through the generator a point cost
 * five calls, each checking the output context and copying a few bytes, and a bucket time a formatted string: writing
 * the points was a third of dashboard-api's CPU per one-device series query (JFR, docs/benchmarks.md). Here a point is
 * its time's 20 characters by arithmetic and its number appended as {@link StringBuilder#append(double)} writes it,
 * the same digits as {@link Double#toString(double)}, which is what the generator writes.
 * <p>
 * Only for what that holds for: a plain JSON text generator (no pretty printer, numbers as numbers, the JDK's double
 * formatting) and points whose times are whole seconds of the years 0000–9999 and whose values are finite doubles,
 * longs or null. Anything else is left to the generator ({@link #append} answers false).
 */
final class PointsText {

    private static final int POINT_CHARS = 48;

    private final StringBuilder text = new StringBuilder();
    private final char[] time = new char[BucketTimeSerializer.LENGTH];

    private PointsText() {
    }

    /** A builder for the answers {@code generator} writes, or null when it is not a plain JSON text generator. */
    static PointsText forGenerator(JsonGenerator generator) {
        if (!(generator instanceof JsonGeneratorBase json) || json.getPrettyPrinter() != null
                || json.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                || json.isEnabled(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS)) {
            return null;
        }
        return new PointsText();
    }

    /** Writes the points as one raw value; false (nothing written) when one of them is not for this text. */
    boolean write(List<Series.Point> points, JsonGenerator generator) {
        if (!append(points)) {
            return false;
        }
        generator.writeRawValue(text.toString());
        return true;
    }

    private boolean append(List<Series.Point> points) {
        text.setLength(0);
        text.ensureCapacity(2 + points.size() * POINT_CHARS);
        text.append('[');
        for (int i = 0; i < points.size(); i++) {
            Series.Point point = points.get(i);
            Instant t = point.t();
            if (!BucketTimeSerializer.plain(t)) {
                return false;
            }
            BucketTimeSerializer.format(t.getEpochSecond(), time);
            if (i > 0) {
                text.append(',');
            }
            text.append("{\"t\":\"").append(time).append("\",\"value\":");
            switch (point.value()) {
                case null -> text.append("null");
                case Double number when Double.isFinite(number) -> text.append(number.doubleValue());
                case Long number -> text.append(number.longValue());
                default -> {
                    return false;
                }
            }
            text.append('}');
        }
        text.append(']');
        return true;
    }
}
