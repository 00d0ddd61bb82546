package io.fieldlink.dashboard.query;

import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.smile.SmileMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

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

    @Test
    void answersAreShownAsJsonTextWhateverTheirFormat() {
        byte[] smile = SmileMapper.builder().build().writeValueAsBytes(Map.of("error", Map.of("reason", "bad")));
        assertThat(MultiSearch.text(smile, "application/smile")).isEqualTo("{\"error\":{\"reason\":\"bad\"}}");
        assertThat(MultiSearch.text(smile, "application/smile; charset=UTF-8")).contains("\"reason\":\"bad\"");
        assertThat(MultiSearch.text(new byte[] {1, 2, 3}, "application/smile"))
                .contains("unreadable Smile answer of 3 bytes");
        assertThat(MultiSearch.text("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json"))
                .isEqualTo("{\"a\":1}");
    }
}
