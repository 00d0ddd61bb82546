package io.fieldlink.dashboard.query;

import io.fieldlink.contracts.ContractJson;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesSetSerializerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void writesWhatTheRecordsWouldBeWrittenAs() {
        List<Instant> buckets = List.of(T0, T0.plusSeconds(300), T0.plusSeconds(600));
        SeriesSet set = new SeriesSet("raw", "5m", T0, T0.plusSeconds(900), List.of(
                item("a", "temperature", "avg", buckets, 20.5, null, -1.25e-7),
                item("a", "temperature", "count", buckets, 3L, 0L, 12L),
                item("b", "humidity", "max", buckets, null, 99.99999999999999, 1e21)));

        String json = ContractJson.mapper().writeValueAsString(set);

        assertThat(json).isEqualTo(ContractJson.mapper().writeValueAsString(plain(set)));
        assertThat(json).startsWith("{\"source\":\"raw\",\"interval\":\"5m\",\"from\":\"2026-11-27T10:00:00Z\","
                + "\"to\":\"2026-11-27T10:15:00Z\",\"series\":[{\"deviceId\":\"a\",\"metric\":\"temperature\","
                + "\"agg\":\"avg\",\"points\":[{\"t\":\"2026-11-27T10:00:00Z\",\"value\":20.5},"
                + "{\"t\":\"2026-11-27T10:05:00Z\",\"value\":null},");
    }

    @Test
    void seriesWithOtherBucketsThanTheFirstGetTheirOwnTimes() {
        Instant odd = Instant.parse("2026-11-27T10:00:00.250Z");
        SeriesSet set = new SeriesSet("rollup", "1h", T0, T0.plusSeconds(7200), List.of(
                item("a", "t", "avg", List.of(T0), 1.0),
                item("b", "t", "avg", List.of(T0.plusSeconds(3600), odd, T0), 2.0, 3.0, 4.0),
                item("c", "t", "avg", List.of(), new Double[0])));

        String json = ContractJson.mapper().writeValueAsString(set);

        assertThat(json).isEqualTo(ContractJson.mapper().writeValueAsString(plain(set)))
                .contains("{\"t\":\"2026-11-27T11:00:00Z\",\"value\":2.0},{\"t\":\"2026-11-27T10:00:00.250Z\"");
    }

    @Test
    void anEmptyAnswerHasAnEmptySeriesList() {
        SeriesSet set = new SeriesSet("raw", "1m", T0, T0.plusSeconds(60), List.of());

        assertThat(ContractJson.mapper().writeValueAsString(set)).isEqualTo("{\"source\":\"raw\",\"interval\":\"1m\","
                + "\"from\":\"2026-11-27T10:00:00Z\",\"to\":\"2026-11-27T10:01:00Z\",\"series\":[]}");
    }

    @Test
    void numbersAreWrittenWithTheGeneratorsDigits() {
        // the points' text formats numbers itself: the same digits as the generator for every kind of double
        SplittableRandom random = new SplittableRandom(7);
        List<Instant> buckets = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            buckets.add(T0.plusSeconds(60L * i));
            values.add(switch (i % 5) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern, NaN and infinities included
                case 1 -> random.nextDouble(-100, 100); // a sensor's averages
                case 2 -> Math.round(random.nextDouble(-1e6, 1e6) * 100) / 100.0;
                case 3 -> random.nextLong();
                default -> random.nextInt(3) == 0 ? null : (double) random.nextInt();
            });
        }
        values.addAll(List.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e7, 1e21, 1e22, 123456789012.0,
                Long.MIN_VALUE, Long.MAX_VALUE));
        for (int i = buckets.size(); i < values.size(); i++) {
            buckets.add(T0.plusSeconds(60L * i));
        }
        // a series with a NaN or an infinity goes through the generator: one without them for the text
        Number[] finite = values.stream().filter(v -> !(v instanceof Double d) || Double.isFinite(d))
                .toArray(Number[]::new);
        SeriesSet set = new SeriesSet("raw", "1m", T0, T0.plusSeconds(60L * buckets.size()), List.of(
                item("a", "temperature", "avg", buckets.subList(0, finite.length), finite),
                item("b", "temperature", "avg", buckets, values.toArray(Number[]::new))));

        assertThat(ContractJson.mapper().writeValueAsString(set))
                .isEqualTo(ContractJson.mapper().writeValueAsString(plain(set)));
    }

    @Test
    void pointsItCannotWriteAsTextGoThroughTheGenerator() {
        List<Instant> buckets = List.of(T0, T0.plusSeconds(300), T0.plusSeconds(600));
        SeriesSet set = new SeriesSet("raw", "5m", T0, T0.plusSeconds(900), List.of(
                item("a", "temperature", "avg", buckets, 1.5, Double.NaN, Double.NEGATIVE_INFINITY),
                item("a", "temperature", "count", buckets, 1, new BigDecimal("2.50"), (short) 3),
                item("a", "temperature", "max", List.of(T0, Instant.parse("+10000-01-01T00:00:00Z"),
                        Instant.parse("-0001-12-31T23:59:59Z")), 1.0, 2.0, 3.0)));

        String json = ContractJson.mapper().writeValueAsString(set);

        assertThat(json).isEqualTo(ContractJson.mapper().writeValueAsString(plain(set)))
                .contains("\"value\":\"NaN\"", "\"value\":2.50", "\"t\":\"+10000-01-01T00:00:00Z\"");
    }

    @Test
    void aPrettyPrintedAnswerIsPrettyPrintedThroughout() {
        List<Instant> buckets = List.of(T0, T0.plusSeconds(300));
        SeriesSet set = new SeriesSet("raw", "5m", T0, T0.plusSeconds(600), List.of(
                item("a", "temperature", "avg", buckets, 20.5, null)));
        var pretty = ContractJson.mapper().writerWithDefaultPrettyPrinter();

        assertThat(pretty.writeValueAsString(set)).isEqualTo(pretty.writeValueAsString(plain(set)));
    }

    private static SeriesSet.Item item(String device, String metric, String agg, List<Instant> buckets,
                                       Number... values) {
        List<Series.Point> points = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            points.add(new Series.Point(buckets.get(i), values[i]));
        }
        return new SeriesSet.Item(device, metric, agg, points);
    }

    /** The same answer as plain maps and lists, written by Jackson's own serializers. */
    private static Map<String, Object> plain(SeriesSet set) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", set.source());
        answer.put("interval", set.interval());
        answer.put("from", set.from());
        answer.put("to", set.to());
        List<Object> series = new ArrayList<>();
        for (SeriesSet.Item item : set.series()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("deviceId", item.deviceId());
            one.put("metric", item.metric());
            one.put("agg", item.agg());
            List<Object> points = new ArrayList<>();
            for (Series.Point point : item.points()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("t", point.t());
                p.put("value", point.value());
                points.add(p);
            }
            one.put("points", points);
            series.add(one);
        }
        answer.put("series", series);
        return answer;
    }
}
