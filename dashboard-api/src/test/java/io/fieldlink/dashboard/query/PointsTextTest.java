package io.fieldlink.dashboard.query;

import io.fieldlink.contracts.ContractJson;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PointsTextTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final List<Series.Point> POINTS = List.of(new Series.Point(T0, 20.5),
            new Series.Point(T0.plusSeconds(300), null), new Series.Point(T0.plusSeconds(600), 3L));

    @Test
    void writesPointsAsOneRawValueOnAPlainJsonGenerator() {
        var bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = ContractJson.mapper().createGenerator(bytes)) {
            generator.writeStartArray();
            generator.writeString("before");
            assertThat(PointsText.forGenerator(generator).write(POINTS, generator)).isTrue();
            generator.writeString("after");
            generator.writeEndArray();
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("[\"before\",[{\"t\":\"2026-11-27T10:00:00Z\","
                + "\"value\":20.5},{\"t\":\"2026-11-27T10:05:00Z\",\"value\":null},{\"t\":\"2026-11-27T10:10:00Z\","
                + "\"value\":3}],\"after\"]");
    }

    @Test
    void writesOnACharacterGeneratorToo() {
        var text = new StringWriter();
        try (JsonGenerator generator = ContractJson.mapper().createGenerator(text)) {
            assertThat(PointsText.forGenerator(generator).write(POINTS.subList(0, 1), generator)).isTrue();
        }

        assertThat(text).hasToString("[{\"t\":\"2026-11-27T10:00:00Z\",\"value\":20.5}]");
    }

    @Test
    void leavesGeneratorsThatFormatOtherwiseToThemselves() {
        JsonMapper plain = ContractJson.mapper();
        assertThat(forGenerator(plain.rebuild().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())).isNull();
        assertThat(forGenerator(plain.rebuild().enable(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS).build())).isNull();
        var pretty = new ByteArrayOutputStream();
        try (JsonGenerator generator = plain.writerWithDefaultPrettyPrinter().createGenerator(pretty)) {
            assertThat(PointsText.forGenerator(generator)).isNull();
        }
    }

    @Test
    void refusesPointsItCannotWriteAndWritesNothing() {
        for (Series.Point odd : Arrays.asList(new Series.Point(T0, Double.NaN),
                new Series.Point(T0, Double.POSITIVE_INFINITY), new Series.Point(T0, 1),
                new Series.Point(T0.plusMillis(250), 1.0), new Series.Point(Instant.parse("+10000-01-01T00:00:00Z"), 1.0))) {
            var bytes = new ByteArrayOutputStream();
            try (JsonGenerator generator = ContractJson.mapper().createGenerator(bytes)) {
                assertThat(PointsText.forGenerator(generator).write(List.of(POINTS.getFirst(), odd), generator))
                        .as("%s", odd).isFalse();
            }
            assertThat(bytes.size()).isZero();
        }
    }

    private static PointsText forGenerator(JsonMapper mapper) {
        try (JsonGenerator generator = mapper.createGenerator(new ByteArrayOutputStream())) {
            return PointsText.forGenerator(generator);
        }
    }
}
