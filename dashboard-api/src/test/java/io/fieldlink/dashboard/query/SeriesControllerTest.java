package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.ApiKeySecuredSlice;
import io.fieldlink.dashboard.DashboardProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Web slice of {@code GET /v1/series}: real API-key security and problem details, a double for OpenSearch. */
@WebMvcTest(SeriesController.class)
@ApiKeySecuredSlice
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=slice-a",
        "fieldlink.security.api-keys[0].sha256=178ab329a6eb245d6509ffd8eee52c5afd9cfd0141b12423f4922071fbd427db",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.dashboard.query.max-devices=2",
        "fieldlink.dashboard.query.max-metrics=2",
})
class SeriesControllerTest {

    static final String KEY = "slice-key-a";
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DashboardProperties.class)
    static class Beans {

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SeriesQueries queries;

    private static MockHttpServletRequestBuilder authorized(String url) {
        return get(url).header("Authorization", "Bearer " + KEY);
    }

    @Test
    void withoutAKeyItAnswers401AsProblem() throws Exception {
        mvc.perform(get("/v1/series?deviceId=a&metric=t"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        verifyNoInteractions(queries);
    }

    @Test
    void seriesOfSeveralDevicesMetricsAndAggsForTheCallersTenant() throws Exception {
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        when(queries.series(eq("OP-A"), argThat(q -> q.deviceIds().equals(List.of("a", "b"))
                && q.metrics().equals(List.of("temperature", "humidity"))
                && q.aggs().equals(List.of(Aggregation.AVG, Aggregation.P95))
                && q.source() == SeriesSource.RAW && q.interval().toString().equals("1h"))))
                .thenReturn(new SeriesSet("raw", "1h", t0, t0.plusSeconds(7200), List.of(
                        new SeriesSet.Item("a", "temperature", "avg", List.of(new Series.Point(t0, 20.5),
                                new Series.Point(t0.plusSeconds(3600), null))),
                        new SeriesSet.Item("a", "temperature", "p95", List.of(new Series.Point(t0, 29.0),
                                new Series.Point(t0.plusSeconds(3600), null))))));

        mvc.perform(authorized("/v1/series?deviceId=a&deviceId=b&metric=temperature&metric=humidity&agg=avg&agg=p95"
                        + "&from=2026-11-27T10:00:00Z&to=2026-11-27T12:00:00Z&interval=1h"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.source").value("raw"))
                .andExpect(jsonPath("$.interval").value("1h"))
                .andExpect(jsonPath("$.from").value("2026-11-27T10:00:00Z"))
                .andExpect(jsonPath("$.series[0].deviceId").value("a"))
                .andExpect(jsonPath("$.series[0].metric").value("temperature"))
                .andExpect(jsonPath("$.series[0].agg").value("avg"))
                .andExpect(jsonPath("$.series[0].points[0].t").value("2026-11-27T10:00:00Z"))
                .andExpect(jsonPath("$.series[0].points[0].value").value(20.5))
                .andExpect(jsonPath("$.series[0].points[1].value").value(nullValue()))
                .andExpect(jsonPath("$.series[1].agg").value("p95"));
    }

    @Test
    void severalValuesMayAlsoBeSentSeparatedByCommas() throws Exception {
        when(queries.series(eq("OP-A"), any())).thenReturn(new SeriesSet("raw", "1h", NOW, NOW, List.of()));

        mvc.perform(authorized("/v1/series?deviceId=a,b&metric=temperature&agg=avg,max&interval=1h"))
                .andExpect(status().isOk());
        org.mockito.Mockito.verify(queries).series(eq("OP-A"), argThat(q -> q.deviceIds().equals(List.of("a", "b"))
                && q.metrics().equals(List.of("temperature"))
                && q.aggs().equals(List.of(Aggregation.AVG, Aggregation.MAX))));
    }

    @Test
    void aLongRangeIsAskedOfTheRollups() throws Exception {
        when(queries.series(eq("OP-A"), any())).thenReturn(new SeriesSet("rollup", "3h", NOW, NOW, List.of()));

        mvc.perform(authorized("/v1/series?deviceId=a&metric=t&from=2026-10-28T12:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("rollup"));
        org.mockito.Mockito.verify(queries).series(eq("OP-A"), argThat(q -> q.source() == SeriesSource.ROLLUP
                && q.interval().toString().equals("3h")));
    }

    @Test
    void badParametersAreNamed() throws Exception {
        for (var entry : List.of(
                Map.entry("metric=t", "deviceId"),
                Map.entry("deviceId=a", "metric"),
                Map.entry("deviceId=a&deviceId=b&deviceId=c&metric=t", "deviceId"),
                Map.entry("deviceId=a&metric=t&metric=u&metric=v", "metric"),
                Map.entry("deviceId=a&metric=no%20way", "metric"),
                Map.entry("deviceId=a&metric=t&agg=median", "agg"),
                Map.entry("deviceId=a&metric=t&interval=5x", "interval"),
                Map.entry("deviceId=a&metric=t&interval=1s&from=2026-11-01T00:00:00Z", "interval"),
                Map.entry("deviceId=a&metric=t&from=nope", "from"),
                Map.entry("deviceId=a&metric=t&to=nope", "to"),
                Map.entry("deviceId=a&metric=t&from=2026-11-27T00:00:00Z&from=2026-11-27T01:00:00Z", "from"),
                Map.entry("deviceId=a&metric=t&interval=1h&interval=5m", "interval"))) {
            mvc.perform(authorized("/v1/series?" + entry.getKey()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                    .andExpect(jsonPath("$.parameter").value(entry.getValue()));
        }
        verifyNoInteractions(queries);
    }

    @Test
    void percentilesBeyondRawRetentionAreRefused() throws Exception {
        mvc.perform(authorized("/v1/series?deviceId=a&metric=t&agg=p99&from=2026-09-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/percentiles-need-raw-range"))
                .andExpect(jsonPath("$.parameter").value("agg"))
                .andExpect(jsonPath("$.rawRetention").value("PT960H"));
        verifyNoInteractions(queries);
    }

    @Test
    void anUnavailableStoreIs503() throws Exception {
        when(queries.series(eq("OP-A"), any())).thenThrow(new io.fieldlink.support.problem.ApiProblemException(
                HttpStatus.SERVICE_UNAVAILABLE, StoreCalls.STORE_UNAVAILABLE, "Service unavailable", "down")
                .withHeader("Retry-After", "5"));

        mvc.perform(authorized("/v1/series?deviceId=a&metric=t"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/store-unavailable"));
    }
}
