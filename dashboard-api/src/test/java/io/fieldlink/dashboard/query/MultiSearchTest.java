package io.fieldlink.dashboard.query;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MultiSearchTest {

    private static final String ALWAYS = "responses.status,responses.error,responses.aggregations.**.key,"
            + "responses.aggregations.**.count";

    @Test
    void theFilterKeepsOnlyWhatTheAskedAggregationsRead() {
        assertThat(MultiSearch.filterPath(List.of(Aggregation.AVG))).isEqualTo(ALWAYS + ",responses.aggregations.**.sum");
        assertThat(MultiSearch.filterPath(List.of(Aggregation.COUNT))).isEqualTo(ALWAYS);
        assertThat(MultiSearch.filterPath(List.of(Aggregation.MAX, Aggregation.P95)))
                .isEqualTo(ALWAYS + ",responses.aggregations.**.max,responses.aggregations.**.values");
        assertThat(MultiSearch.filterPath(EnumSet.allOf(Aggregation.class))).isEqualTo(ALWAYS
                + ",responses.aggregations.**.min,responses.aggregations.**.max,responses.aggregations.**.sum,"
                + "responses.aggregations.**.values");
    }
}
