package io.fieldlink.dashboard.query;

import io.fieldlink.contracts.ContractJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    void bucketTimesAreKeptAcrossAnswersAndCollisionsNeverMixThemUp() {
        var texts = new SeriesSetSerializer.BucketTimeTexts();
        Instant t = Instant.parse("2026-11-27T10:05:00Z");
        assertThat(texts.text(t)).isSameAs(texts.text(Instant.parse("2026-11-27T10:05:00Z")));
        // far more times than slots: every text must still be its own time's
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            Instant time = Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L) / 300 * 300);
            assertThat(texts.text(time).getValue()).isEqualTo(time.toString());
        }
        assertThat(texts.text(Instant.parse("2026-11-27T10:05:00.250Z")).getValue())
                .isEqualTo("2026-11-27T10:05:00.250Z");
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
