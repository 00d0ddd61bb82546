package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.ApiKeySecuredSlice;
import io.fieldlink.dashboard.DashboardProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice: the real security (API keys of service-support), problem details and parameter
 * validation, with a test double for the OpenSearch queries.
 */
@WebMvcTest(DevicesController.class)
@ApiKeySecuredSlice
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=slice-a",
        "fieldlink.security.api-keys[0].sha256=178ab329a6eb245d6509ffd8eee52c5afd9cfd0141b12423f4922071fbd427db",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.dashboard.query.online-within=15m",
})
class DevicesControllerTest {

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
    TelemetryQueries queries;

    private static MockHttpServletRequestBuilder authorized(String url) {
        return get(url).header("Authorization", "Bearer " + KEY);
    }

    @ParameterizedTest
    @CsvSource({"/v1/devices", "/v1/devices?tag=greenhouse", "/v1/devices/dev-1", "/v1/devices/dev-1/latest",
            "/v1/devices/dev-1/series?metric=t"})
    void withoutAKeyEveryEndpointAnswers401AsProblem(String url) throws Exception {
        mvc.perform(get(url))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"))
                .andExpect(jsonPath("$.status").value(401));
        mvc.perform(get(url).header("Authorization", "Bearer not-a-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(queries);
    }

    @Test
    void devicesOfTheCallersTenant() throws Exception {
        when(queries.devices("OP-A", DeviceFilter.all(NOW.minusSeconds(900)), 0, 50, null)).thenReturn(new DevicePage(List.of(
                new DeviceSummary("dev-1", "Greenhouse 1", List.of("greenhouse"), List.of("north"), true,
                        Instant.parse("2026-11-27T10:00:00Z"), "msg-9", Map.of("temperature", 21.5),
                        Map.of("firmware", "1.4.2")),
                new DeviceSummary("dev-2", null, List.of(), List.of(), false, Instant.parse("2026-11-27T09:00:00.5Z"),
                        "msg-3", Map.of(), Map.of())),
                0, 50, 2, null));

        mvc.perform(authorized("/v1/devices"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(50))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.items[0].deviceId").value("dev-1"))
                .andExpect(jsonPath("$.items[0].lastSeen").value("2026-11-27T10:00:00Z"))
                .andExpect(jsonPath("$.items[0].lastMessageId").value("msg-9"))
                .andExpect(jsonPath("$.items[0].measurements.temperature").value(21.5))
                .andExpect(jsonPath("$.items[0].attributes.firmware").value("1.4.2"))
                .andExpect(jsonPath("$.items[0].displayName").value("Greenhouse 1"))
                .andExpect(jsonPath("$.items[0].tags[0]").value("greenhouse"))
                .andExpect(jsonPath("$.items[0].groups[0]").value("north"))
                .andExpect(jsonPath("$.items[0].online").value(true))
                .andExpect(jsonPath("$.items[1].online").value(false))
                .andExpect(jsonPath("$.items[1].tags").isEmpty())
                .andExpect(jsonPath("$.items[1].lastSeen").value("2026-11-27T09:00:00.500Z"));
    }

    @Test
    void searchByTagStateAndPrefixWithPaging() throws Exception {
        DeviceFilter expected = new DeviceFilter("greenhouse", DeviceFilter.State.OFFLINE, "Green",
                NOW.minusSeconds(900));
        when(queries.devices("OP-A", expected, 1, 20, null)).thenReturn(new DevicePage(List.of(), 1, 20, 21, null));

        mvc.perform(authorized("/v1/devices?tag=greenhouse&state=offline&q=Green&page=1&size=20"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(21));

        verify(queries).devices("OP-A", expected, 1, 20, null);
    }

    @Test
    void onlineWithinComesFromTheProperties() throws Exception {
        when(queries.devices(anyString(), any(), anyInt(), anyInt(), any())).thenReturn(new DevicePage(List.of(), 0, 50, 0, null));

        mvc.perform(authorized("/v1/devices?state=online")).andExpect(status().isOk());

        // fieldlink.dashboard.query.online-within=15m in this slice
        verify(queries).devices("OP-A", new DeviceFilter(null, DeviceFilter.State.ONLINE, null,
                NOW.minusSeconds(900)), 0, 50, null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "state=sleeping          | state",
            "state=ONLINE            | state",
            "state=                  | state",
            "tag=                    | tag",
            "tag=green%20house       | tag",
            "tag=green/house         | tag",
            "q=                      | q",
    })
    void badSearchParametersAreNamed(String query, String parameter) throws Exception {
        expectInvalid("/v1/devices?" + query, parameter);
        verifyNoInteractions(queries);
    }

    @Test
    void tooLongTagOrPrefixIsNamed() throws Exception {
        expectInvalid("/v1/devices?tag=" + "t".repeat(65), "tag");
        expectInvalid("/v1/devices?q=" + "q".repeat(129), "q");
        mvc.perform(authorized("/v1/devices").param("q", "a\nb"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("q"));
        verifyNoInteractions(queries);
    }

    @Test
    void oneDevice() throws Exception {
        when(queries.device("OP-A", "dev-1", NOW.minusSeconds(900))).thenReturn(Optional.of(new DeviceDetails("dev-1",
                "Greenhouse 1", List.of("greenhouse"), List.of(), true, Instant.parse("2026-11-27T11:59:00Z"), "msg-9",
                Instant.parse("2026-11-27T11:59:01Z"), "beam-http", Map.of("temperature", 21.5), Map.of())));

        mvc.perform(authorized("/v1/devices/dev-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deviceId").value("dev-1"))
                .andExpect(jsonPath("$.displayName").value("Greenhouse 1"))
                .andExpect(jsonPath("$.tags[0]").value("greenhouse"))
                .andExpect(jsonPath("$.online").value(true))
                .andExpect(jsonPath("$.lastSeen").value("2026-11-27T11:59:00Z"))
                .andExpect(jsonPath("$.receivedTime").value("2026-11-27T11:59:01Z"))
                .andExpect(jsonPath("$.sourceProtocol").value("beam-http"))
                .andExpect(jsonPath("$.measurements.temperature").value(21.5));
    }

    @Test
    void aDeviceKnownOnlyFromTheRegistryHasNoLastSeen() throws Exception {
        when(queries.device("OP-A", "dev-new", NOW.minusSeconds(900))).thenReturn(Optional.of(new DeviceDetails(
                "dev-new", null, List.of("greenhouse"), List.of(), false, null, null, null, null, Map.of(), Map.of())));

        mvc.perform(authorized("/v1/devices/dev-new"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.online").value(false))
                .andExpect(jsonPath("$.lastSeen").value(nullValue()));
    }

    @Test
    void pagingParameters() throws Exception {
        when(queries.devices("OP-A", DeviceFilter.all(NOW.minusSeconds(900)), 3, 20, null)).thenReturn(new DevicePage(List.of(), 3, 20, 61, null));

        mvc.perform(authorized("/v1/devices?page=3&size=20"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty())
                .andExpect(jsonPath("$.total").value(61));
    }

    @ParameterizedTest
    @CsvSource({
            "page=-1, page",
            "size=0, size",
            "size=501, size",
            "page=x, page",
            "size=1.5, size",
            "page=9999&size=2, page",
    })
    void badPagingParametersAreNamed(String query, String parameter) throws Exception {
        expectInvalid("/v1/devices?" + query, parameter);
        verifyNoInteractions(queries);
    }

    @Test
    void latestReading() throws Exception {
        when(queries.latest("OP-A", "dev-1")).thenReturn(Optional.of(new LatestReading("dev-1", "msg-9",
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T10:00:01Z"), "beam-http",
                Map.of("temperature", 21.5, "soil.moisture", 0.31), Map.of("firmware", "1.4.2"))));

        mvc.perform(authorized("/v1/devices/dev-1/latest"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deviceId").value("dev-1"))
                .andExpect(jsonPath("$.messageId").value("msg-9"))
                .andExpect(jsonPath("$.eventTime").value("2026-11-27T10:00:00Z"))
                .andExpect(jsonPath("$.receivedTime").value("2026-11-27T10:00:01Z"))
                .andExpect(jsonPath("$.sourceProtocol").value("beam-http"))
                .andExpect(jsonPath("$.measurements.temperature").value(21.5))
                .andExpect(jsonPath("$.measurements['soil.moisture']").value(0.31))
                .andExpect(jsonPath("$.attributes.firmware").value("1.4.2"));
    }

    @Test
    void unknownDeviceIs404Problem() throws Exception {
        when(queries.latest("OP-A", "nope")).thenReturn(Optional.empty());
        when(queries.series(eq("OP-A"), any())).thenReturn(Optional.empty());
        when(queries.device(eq("OP-A"), eq("nope"), any())).thenReturn(Optional.empty());

        for (String url : List.of("/v1/devices/nope", "/v1/devices/nope/latest", "/v1/devices/nope/series?metric=t")) {
            mvc.perform(authorized(url))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/device-not-found"))
                    .andExpect(jsonPath("$.status").value(404))
                    .andExpect(jsonPath("$.deviceId").value("nope"));
        }
    }

    @Test
    void seriesShape() throws Exception {
        when(queries.series(eq("OP-A"), any())).thenReturn(Optional.of(new Series("dev-1", "temperature", "avg", "1h",
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T12:00:00Z"), List.of(
                new Series.Point(Instant.parse("2026-11-27T10:00:00Z"), 20.25),
                new Series.Point(Instant.parse("2026-11-27T11:00:00Z"), null)))));

        mvc.perform(authorized("/v1/devices/dev-1/series?metric=temperature&from=2026-11-27T10:00:00Z"
                        + "&to=2026-11-27T12:00:00Z&interval=1h&agg=avg"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deviceId").value("dev-1"))
                .andExpect(jsonPath("$.metric").value("temperature"))
                .andExpect(jsonPath("$.agg").value("avg"))
                .andExpect(jsonPath("$.interval").value("1h"))
                .andExpect(jsonPath("$.points.length()").value(2))
                .andExpect(jsonPath("$.points[0].t").value("2026-11-27T10:00:00Z"))
                .andExpect(jsonPath("$.points[0].value").value(20.25))
                .andExpect(jsonPath("$.points[1].t").value("2026-11-27T11:00:00Z"))
                .andExpect(jsonPath("$.points[1].value").value(nullValue()))
                .andExpect(jsonPath("$.points[1]", org.hamcrest.Matchers.hasKey("value")));
        verify(queries).series(eq("OP-A"), argThat(q -> q.deviceId().equals("dev-1") && q.metric().equals("temperature")
                && q.from().equals(Instant.parse("2026-11-27T10:00:00Z")) && q.interval().toString().equals("1h")
                && q.agg() == Aggregation.AVG));
    }

    @Test
    void seriesDefaultsComeFromTheClockAndTheProperties() throws Exception {
        when(queries.series(eq("OP-A"), any())).thenReturn(Optional.of(new Series("dev-1", "t", "avg", "5m",
                NOW.minusSeconds(86_400), NOW, List.of())));

        mvc.perform(authorized("/v1/devices/dev-1/series?metric=t")).andExpect(status().isOk());

        verify(queries).series(eq("OP-A"), argThat(q -> q.to().equals(NOW) && q.from().equals(NOW.minusSeconds(86_400))
                && q.interval().toString().equals("5m") && q.agg() == Aggregation.AVG));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "                                                   | metric",
            "metric=                                            | metric",
            "metric=temp*                                       | metric",
            "metric=t&from=yesterday                            | from",
            "metric=t&to=2026-11-27                             | to",
            "metric=t&from=2026-11-27T12:00:00Z&to=2026-11-27T11:00:00Z | from",
            "metric=t&interval=5                                | interval",
            "metric=t&interval=0m                               | interval",
            "metric=t&interval=5w                               | interval",
            "metric=t&interval=1s&from=2026-11-20T00:00:00Z     | interval",
            "metric=t&agg=median                                | agg",
    })
    void badSeriesParametersAreNamed(String query, String parameter) throws Exception {
        expectInvalid("/v1/devices/dev-1/series?" + (query == null ? "" : query), parameter);
        verifyNoInteractions(queries);
    }

    @Test
    void tooManyBucketsSaysTheLimit() throws Exception {
        mvc.perform(authorized("/v1/devices/dev-1/series?metric=t&interval=1s&from=2026-11-26T12:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("interval"))
                .andExpect(jsonPath("$.maxBuckets").value(10_000));
    }

    @Test
    void theQueryServiceIsAskedWithTheCallersTenantOnly() throws Exception {
        when(queries.devices(anyString(), any(), anyInt(), anyInt(), any())).thenReturn(new DevicePage(List.of(), 0, 50, 0, null));

        mvc.perform(authorized("/v1/devices?tenant=OP-B")).andExpect(status().isOk());

        verify(queries).devices(eq("OP-A"), any(), eq(0), eq(50), isNull());
    }

    private void expectInvalid(String url, String parameter) throws Exception {
        mvc.perform(authorized(url))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.parameter").value(parameter));
    }

    @Test
    void aCursorPagesAfterTheDeviceItNamesAndTheAnswerCarriesTheNextOne() throws Exception {
        String cursor = new DeviceCursor("dev-7").encode();
        when(queries.devices("OP-A", DeviceFilter.all(NOW.minusSeconds(900)), 0, 2, new DeviceCursor("dev-7")))
                .thenReturn(new DevicePage(List.of(), 0, 2, 9, new DeviceCursor("dev-9").encode()));
        mvc.perform(authorized("/v1/devices?size=2&cursor=" + cursor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.nextCursor").value(new DeviceCursor("dev-9").encode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor=not-a-cursor", "cursor=YWJj", "page=2&cursor=ZCxkZXYtNw"})
    void aForeignOrMalformedCursorOrOneWithAPageIs400(String query) throws Exception {
        mvc.perform(authorized("/v1/devices?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"));
        verifyNoInteractions(queries);
    }
}
