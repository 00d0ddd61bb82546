package io.fieldlink.dashboard.query;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streamed reading of the filtered {@code _msearch} answer, on answers of the shape OpenSearch writes. */
class SeriesAnswerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Hourly buckets from 0 on: the bucket starting at 3,600,000 is the second. */
    private static final SeriesAnswer.Grid HOURS = new SeriesAnswer.Grid(0, 3_600_000, 3);

    private static SeriesAnswer.Result read(String answer, int searches, boolean firstIsRollup) throws IOException {
        try (JsonParser parser = JSON.createParser(answer)) {
            return SeriesAnswer.read(parser, searches, firstIsRollup, List.of("t", "h"), HOURS);
        }
    }

    @Test
    void rollupHoursAndRawBucketsMergeIntoOneCellAndPercentilesMayComeFirst() throws IOException {
        String answer = """
                {"responses":[
                 {"status":200,"aggregations":{"devices":{"buckets":[{"key":"d1","metrics":{"buckets":[
                   {"key":"t","buckets":{"buckets":[{"key":3600000,"min":{"value":1.0},"max":{"value":3.0},
                    "sum":{"value":4.0},"count":{"value":2.0}}]}}]}}]}}},
                 {"status":200,"aggregations":{"devices":{"buckets":[{"key":"d1","buckets":{"buckets":[
                   {"key":3600000,"p0":{"values":[{"key":50.0,"value":2.5},{"key":95.0,"value":null}]},
                    "s0":{"count":1,"min":0.5,"max":0.5,"sum":0.5},"s1":{"count":0,"min":null,"max":null,"sum":0.0}}
                 ]}}]}}}]}""";

        SeriesAnswer.Result result = read(answer, 2, true);

        assertThat(result.error()).isNull();
        SeriesQueries.Cell cell = result.cells().get("d1")[0][1];
        assertThat(cell.count).isEqualTo(3);
        assertThat(cell.min).isEqualTo(0.5);
        assertThat(cell.max).isEqualTo(3.0);
        assertThat(cell.sum).isEqualTo(4.5);
        assertThat(cell.percentiles).containsExactlyEntriesOf(java.util.Map.of(50.0, 2.5));
        assertThat(result.cells().get("d1")[0][0]).isNull();
        assertThat(result.cells().get("d1")[1]).as("no reading carries h").isNull();
    }

    @Test
    void bucketsOffTheGridAndMetricsNotAskedForAreLeftOut() throws IOException {
        String answer = """
                {"responses":[
                 {"status":200,"aggregations":{"devices":{"buckets":[{"key":"d1","metrics":{"buckets":[
                   {"key":"other","buckets":{"buckets":[{"key":0,"sum":{"value":1.0},"count":{"value":1.0}}]}},
                   {"key":"h","buckets":{"buckets":[{"key":-3600000,"sum":{"value":1.0},"count":{"value":1.0}},
                    {"key":10800000,"sum":{"value":1.0},"count":{"value":1.0}},
                    {"key":1800000,"sum":{"value":1.0},"count":{"value":1.0}},
                    {"key":7200000,"sum":{"value":6.0},"count":{"value":2.0}}]}}]}}]}}},
                 {"status":200,"aggregations":{"devices":{"buckets":[{"key":"d1","buckets":{"buckets":[
                   {"key":10800000,"s1":{"count":1,"sum":9.0}},{"key":7200000,"s1":{"count":1,"sum":3.0}}]}}]}}}]}""";

        SeriesQueries.Cell[][] d1 = read(answer, 2, true).cells().get("d1");

        assertThat(d1[0]).as("t has no readings; 'other' was not asked for").isNull();
        assertThat(d1[1]).hasSize(3);
        assertThat(d1[1][0]).isNull();
        assertThat(d1[1][1]).isNull();
        assertThat(d1[1][2].count).isEqualTo(3);
        assertThat(d1[1][2].sum).isEqualTo(9.0);
    }

    @Test
    void theGridPlacesOnlyKeysThatStartABucket() {
        SeriesAnswer.Grid grid = new SeriesAnswer.Grid(1_000, 300, 4);
        assertThat(grid.position(1_000)).isZero();
        assertThat(grid.position(1_900)).isEqualTo(3);
        assertThat(grid.position(2_200)).isEqualTo(-1);
        assertThat(grid.position(700)).isEqualTo(-1);
        assertThat(grid.position(1_001)).isEqualTo(-1);
    }

    @Test
    void aFailedSearchGivesItsReason() throws IOException {
        SeriesAnswer.Result result = read("""
                {"responses":[{"error":{"root_cause":[{"reason":"inner"}],"reason":"all shards failed"},"status":400}]}
                """, 1, false);

        assertThat(result.error()).isEqualTo("all shards failed");
        assertThat(result.cells()).isEmpty();
    }

    @Test
    void aSearchThatFoundNothingStillCountsAndAMissingResponseIsRefused() throws IOException {
        assertThat(read("{\"responses\":[{\"status\":200}]}", 1, false).cells()).isEmpty();
        assertThatThrownBy(() -> read("{\"responses\":[{\"status\":200}]}", 2, true))
                .isInstanceOf(IOException.class).hasMessageContaining("1 responses to 2 searches");
    }

    @Test
    void aSubAggregationBeforeItsBucketKeyIsRefusedNotGuessed() {
        assertThatThrownBy(() -> read("""
                {"responses":[{"aggregations":{"devices":{"buckets":[{"key":"d1","buckets":{"buckets":[
                  {"s0":{"count":1,"min":1,"max":1,"sum":1},"key":0}]}}]}}}]}""", 1, false))
                .isInstanceOf(IOException.class).hasMessageContaining("before the bucket's key");
    }
}
