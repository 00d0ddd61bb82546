package io.fieldlink.dashboard.query;

import io.fieldlink.dashboard.ApiKeySecuredSlice;
import io.fieldlink.dashboard.DashboardProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
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
 * Web slice of the alert and command read endpoints: the real API-key security and problem details,
 * parameter validation and tenant scoping, with test doubles for the OpenSearch queries.
 */
@WebMvcTest({AlertsController.class, CommandsController.class})
@ApiKeySecuredSlice
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=slice-a",
        "fieldlink.security.api-keys[0].sha256=178ab329a6eb245d6509ffd8eee52c5afd9cfd0141b12423f4922071fbd427db",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.security.api-keys[1].id=slice-b",
        "fieldlink.security.api-keys[1].sha256=cc656726b0d4ef24f32d680d97b4c92e7ef411e51dbfe1988afe4b571ead7cc2",
        "fieldlink.security.api-keys[1].tenant=OP-B",
})
class AlertsAndCommandsControllerTest {

    static final String KEY_A = "slice-key-a";
    static final String KEY_B = "slice-key-b";
    static final Instant RAISED = Instant.parse("2026-11-27T10:03:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DashboardProperties.class)
    static class Beans {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AlertCommandQueries queries;

    @MockitoBean
    TelemetryQueries telemetry;

    private static MockHttpServletRequestBuilder as(String key, String url) {
        return get(url).header("Authorization", "Bearer " + key);
    }

    static AlertView alert(String alertId) {
        return new AlertView(alertId, "dev-1", "farm-heat", "Field too hot", "major", "acknowledged", "acknowledged", 3,
                RAISED, RAISED.plusSeconds(60), null, "farm-ui", RAISED.plusSeconds(60), null,
                Map.of("measurement", "temperature", "value", 37.9));
    }

    static CommandView command(String commandId) {
        return new CommandView(commandId, "dev-1", "sprinkler", Map.of("state", "on"), "mqtt", "executed", 1, 4, null,
                Map.of("valve", "open"), RAISED, RAISED.plusSeconds(3600), RAISED.plusMillis(1200),
                "rule:farm-heat:a-1:raised");
    }

    @ParameterizedTest
    @CsvSource({"/v1/alerts", "/v1/alerts/a-1", "/v1/devices/dev-1/commands", "/v1/commands/c-1"})
    void withoutAKeyEveryEndpointAnswers401AsProblem(String url) throws Exception {
        mvc.perform(get(url))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        verifyNoInteractions(queries, telemetry);
    }

    @Test
    void alertListShapeAndCursor() throws Exception {
        when(queries.alerts(eq("OP-A"), any(), eq(50), isNull()))
                .thenReturn(new AlertPage(List.of(alert("a-2"), alert("a-1")), "NEXT"));

        mvc.perform(as(KEY_A, "/v1/alerts"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].alertId").value("a-2"))
                .andExpect(jsonPath("$.items[0].state").value("acknowledged"))
                .andExpect(jsonPath("$.items[0].lastEvent").value("acknowledged"))
                .andExpect(jsonPath("$.items[0].sequence").value(3))
                .andExpect(jsonPath("$.items[0].severity").value("major"))
                .andExpect(jsonPath("$.items[0].raisedAt").value("2026-11-27T10:03:00Z"))
                .andExpect(jsonPath("$.items[0].updatedAt").value("2026-11-27T10:04:00Z"))
                .andExpect(jsonPath("$.items[0].acknowledgedBy").value("farm-ui"))
                .andExpect(jsonPath("$.items[0].trigger.value").value(37.9))
                .andExpect(jsonPath("$.nextCursor").value("NEXT"));
    }

    @Test
    void alertFiltersLimitAndCursorReachTheQueryForTheCallersTenant() throws Exception {
        Cursor cursor = new Cursor(RAISED, "a-9");
        when(queries.alerts(anyString(), any(), anyInt(), any())).thenReturn(new AlertPage(List.of(), null));

        mvc.perform(as(KEY_B, "/v1/alerts?state=OPEN&deviceId=dev-7&severity=critical&limit=5&cursor="
                        + cursor.encode()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty())
                .andExpect(jsonPath("$.nextCursor").value(org.hamcrest.Matchers.nullValue()));

        verify(queries).alerts("OP-B", new AlertCommandQueries.AlertFilter("open", "dev-7", "critical"), 5, cursor);
    }

    @ParameterizedTest
    @CsvSource({
            "state=closed, state",
            "severity=huge, severity",
            "limit=0, limit",
            "limit=501, limit",
            "limit=x, limit",
            "cursor=%%%, cursor",
            "cursor=bm8tY29tbWE, cursor",
    })
    void badAlertParametersAreNamed(String query, String parameter) throws Exception {
        mvc.perform(as(KEY_A, "/v1/alerts?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                .andExpect(jsonPath("$.parameter").value(parameter));
        verifyNoInteractions(queries);
    }

    @Test
    void oneAlertIsLookedUpInTheCallersTenantAndAnotherTenantsIs404() throws Exception {
        when(queries.alert("OP-A", "a-1")).thenReturn(Optional.of(alert("a-1")));
        when(queries.alert("OP-B", "a-1")).thenReturn(Optional.empty());

        mvc.perform(as(KEY_A, "/v1/alerts/a-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.alertId").value("a-1"))
                .andExpect(jsonPath("$.ruleName").value("Field too hot"));
        mvc.perform(as(KEY_B, "/v1/alerts/a-1"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/alert-not-found"))
                .andExpect(jsonPath("$.alertId").value("a-1"));
    }

    @Test
    void deviceCommandsShapeAndPaging() throws Exception {
        Cursor cursor = new Cursor(RAISED, "c-0");
        when(queries.commands("OP-A", "dev-1", 2, null)).thenReturn(new CommandPage(
                List.of(command("a-1:raised"), command("c-1")), cursor.encode()));

        mvc.perform(as(KEY_A, "/v1/devices/dev-1/commands?limit=2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].commandId").value("a-1:raised"))
                .andExpect(jsonPath("$.items[0].status").value("executed"))
                .andExpect(jsonPath("$.items[0].parameters.state").value("on"))
                .andExpect(jsonPath("$.items[0].result.valve").value("open"))
                .andExpect(jsonPath("$.items[0].requestedAt").value("2026-11-27T10:03:00Z"))
                .andExpect(jsonPath("$.items[0].updatedAt").value("2026-11-27T10:03:01.200Z"))
                .andExpect(jsonPath("$.nextCursor").value(cursor.encode()));
    }

    @Test
    void commandsOfADeviceTheTenantDoesNotKnowAre404() throws Exception {
        when(queries.commands("OP-B", "dev-1", 50, null)).thenReturn(new CommandPage(List.of(), null));
        when(telemetry.latest("OP-B", "dev-1")).thenReturn(Optional.empty());

        mvc.perform(as(KEY_B, "/v1/devices/dev-1/commands"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/device-not-found"))
                .andExpect(jsonPath("$.deviceId").value("dev-1"));
    }

    @Test
    void aDeviceWithTelemetryButNoCommandsHasAnEmptyList() throws Exception {
        when(queries.commands("OP-A", "dev-1", 50, null)).thenReturn(new CommandPage(List.of(), null));
        when(telemetry.latest("OP-A", "dev-1")).thenReturn(Optional.of(new LatestReading("dev-1", "m", RAISED, RAISED,
                "http", Map.of(), Map.of())));

        mvc.perform(as(KEY_A, "/v1/devices/dev-1/commands"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty());
    }

    @Test
    void oneCommandIsLookedUpInTheCallersTenantAndAnotherTenantsIs404() throws Exception {
        when(queries.command("OP-A", "a-1:raised")).thenReturn(Optional.of(command("a-1:raised")));
        when(queries.command("OP-B", "a-1:raised")).thenReturn(Optional.empty());

        mvc.perform(as(KEY_A, "/v1/commands/a-1:raised"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.commandId").value("a-1:raised"))
                .andExpect(jsonPath("$.origin").value("rule:farm-heat:a-1:raised"));
        mvc.perform(as(KEY_B, "/v1/commands/a-1:raised"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/command-not-found"))
                .andExpect(jsonPath("$.commandId").value("a-1:raised"));
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() throws Exception {
        when(queries.command("OP-A", "c-1")).thenThrow(new io.fieldlink.support.problem.ApiProblemException(
                HttpStatus.SERVICE_UNAVAILABLE, StoreCalls.STORE_UNAVAILABLE, "Service unavailable", "down")
                .withHeader("Retry-After", "5"));

        mvc.perform(as(KEY_A, "/v1/commands/c-1"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/store-unavailable"));
    }
}
