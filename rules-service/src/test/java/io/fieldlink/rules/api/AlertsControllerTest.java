package io.fieldlink.rules.api;

import io.fieldlink.contracts.AlertAcknowledgeRequested;
import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.Severity;
import io.fieldlink.rules.alerts.AlertBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Web slice of the alert endpoints: real security and problem details; the alert book and the ack publisher mocked. */
@WebMvcTest(AlertsController.class)
@RulesApiSlice
class AlertsControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    AlertBook alerts;

    @Autowired
    AlertAckPublisher acks;

    static AlertEvent alert(String alertId, String tenantId, AlertStatus status) {
        AlertEventType type = switch (status) {
            case OPEN -> AlertEventType.RAISED;
            case ACKNOWLEDGED -> AlertEventType.ACKNOWLEDGED;
            case CLEARED -> AlertEventType.CLEARED;
        };
        Instant raised = Instant.parse("2026-11-27T10:00:00Z");
        return new AlertEvent(alertId + ":1", type, alertId, 1, status, tenantId, "dev-1", "hot", "Greenhouse too hot",
                Severity.MAJOR, raised, raised,
                new AlertTrigger("temperature", 36.5, "temperature > 35.0 for PT1M", 35.0, null, null, null, raised,
                        "msg-1", raised),
                null, status == AlertStatus.ACKNOWLEDGED ? "someone" : null, null, null);
    }

    private static MockHttpServletRequestBuilder asA(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + RulesApiSlice.KEY_A);
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/alerts", "GET,/v1/alerts/a1", "POST,/v1/alerts/a1/ack"})
    void withoutAValidKeyEveryEndpointAnswers401AsProblem(String method, String url) throws Exception {
        mvc.perform(request(HttpMethod.valueOf(method), url))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        verifyNoInteractions(alerts, acks);
    }

    @Test
    void listPassesTheFiltersForTheCallersTenant() throws Exception {
        when(alerts.list("OP-A", AlertStatus.OPEN, "dev-1", 5)).thenReturn(List.of(alert("a1", "OP-A", AlertStatus.OPEN)));

        mvc.perform(asA(get("/v1/alerts?state=open&deviceId=dev-1&limit=5")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].alertId").value("a1"))
                .andExpect(jsonPath("$.items[0].status").value("open"))
                .andExpect(jsonPath("$.items[0].lastEvent").value("raised"))
                .andExpect(jsonPath("$.items[0].severity").value("major"))
                .andExpect(jsonPath("$.items[0].raisedAt").value("2026-11-27T10:00:00Z"))
                .andExpect(jsonPath("$.items[0].trigger.value").value(36.5))
                .andExpect(jsonPath("$.items[0].acknowledgedBy").doesNotExist());
    }

    @Test
    void listDefaultsToAllStatesAnd100() throws Exception {
        when(alerts.list("OP-A", null, null, 100)).thenReturn(List.of());

        mvc.perform(asA(get("/v1/alerts"))).andExpect(status().isOk()).andExpect(jsonPath("$.items", hasSize(0)));
        verify(alerts).list("OP-A", null, null, 100);
        mvc.perform(asA(get("/v1/alerts?state=acknowledged&limit=1000"))).andExpect(status().isOk());
        verify(alerts).list("OP-A", AlertStatus.ACKNOWLEDGED, null, 1000);
        mvc.perform(asA(get("/v1/alerts?state=cleared"))).andExpect(status().isOk());
        verify(alerts).list("OP-A", AlertStatus.CLEARED, null, 100);
    }

    @ParameterizedTest
    @CsvSource({"state=closed,state", "state=OPEN,state", "limit=0,limit", "limit=1001,limit", "limit=many,limit",
            "deviceId=a b,deviceId"})
    void badFiltersAre400NamingTheParameter(String query, String parameter) throws Exception {
        mvc.perform(asA(get("/v1/alerts?" + query.replace(" ", "%20"))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                .andExpect(jsonPath("$.parameter").value(parameter));
        verifyNoInteractions(alerts);
    }

    @Test
    void getShowsTheCallersAlertAndHidesOtherTenants() throws Exception {
        when(alerts.find("a1")).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.ACKNOWLEDGED)));
        when(alerts.find("b1")).thenReturn(Optional.of(alert("b1", "OP-B", AlertStatus.OPEN)));
        when(alerts.find("nope")).thenReturn(Optional.empty());

        mvc.perform(asA(get("/v1/alerts/a1")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("acknowledged"))
                .andExpect(jsonPath("$.acknowledgedBy").value("someone"));
        for (String id : List.of("b1", "nope")) {
            mvc.perform(asA(get("/v1/alerts/" + id)))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/alert-not-found"))
                    .andExpect(jsonPath("$.alertId").value(id));
        }
    }

    @Test
    void ackOfAnOpenAlertPublishesARequestAndAnswers202() throws Exception {
        when(alerts.find("a1")).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.OPEN)));

        mvc.perform(asA(post("/v1/alerts/a1/ack")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\": \"vents opened\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.alertId").value("a1"))
                .andExpect(jsonPath("$.status").value("open"));

        ArgumentCaptor<AlertAcknowledgeRequested> request = ArgumentCaptor.forClass(AlertAcknowledgeRequested.class);
        verify(acks).publish(request.capture());
        AlertAcknowledgeRequested sent = request.getValue();
        assertThat(sent.requestId()).isNotBlank();
        assertThat(sent).isEqualTo(new AlertAcknowledgeRequested(
                sent.requestId(), "OP-A", "dev-1", "a1", "slice-a", RulesApiSlice.NOW, "vents opened"));
    }

    @Test
    void ackNeedsNoBody() throws Exception {
        when(alerts.find("a1")).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.OPEN)));

        mvc.perform(asA(post("/v1/alerts/a1/ack"))).andExpect(status().isAccepted());
        mvc.perform(asA(post("/v1/alerts/a1/ack")).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isAccepted());

        ArgumentCaptor<AlertAcknowledgeRequested> request = ArgumentCaptor.forClass(AlertAcknowledgeRequested.class);
        verify(acks, org.mockito.Mockito.times(2)).publish(request.capture());
        assertThat(request.getAllValues()).allSatisfy(sent -> assertThat(sent.note()).isNull());
    }

    @Test
    void ackOfAnAcknowledgedAlertIs200AndSendsNothing() throws Exception {
        when(alerts.find("a1")).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.ACKNOWLEDGED)));

        mvc.perform(asA(post("/v1/alerts/a1/ack")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("acknowledged"));
        verifyNoInteractions(acks);
    }

    @Test
    void ackOfAClearedAlertIs409() throws Exception {
        when(alerts.find("a1")).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.CLEARED)));

        mvc.perform(asA(post("/v1/alerts/a1/ack")))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/alert-cleared"));
        verifyNoInteractions(acks);
    }

    @Test
    void ackOfAnotherTenantsAlertIs404() throws Exception {
        when(alerts.find("b1")).thenReturn(Optional.of(alert("b1", "OP-B", AlertStatus.OPEN)));

        mvc.perform(asA(post("/v1/alerts/b1/ack")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/alert-not-found"));
        verifyNoInteractions(acks);
    }

    @Test
    void ackIs503WhenKafkaDoesNotAcknowledge() throws Exception {
        when(alerts.find("a1")).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.OPEN)));
        doThrow(ApiProblems.writeUnavailable(5)).when(acks).publish(any());

        mvc.perform(asA(post("/v1/alerts/a1/ack")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/write-unavailable"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"note\": 1", "[1]"})
    void ackWithAnUnreadableBodyIs400(String body) throws Exception {
        when(alerts.find(anyString())).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.OPEN)));

        mvc.perform(asA(post("/v1/alerts/a1/ack")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/malformed-request"));
        verifyNoInteractions(acks);
    }

    @Test
    void ackNoteIsAtMost1000Characters() throws Exception {
        when(alerts.find("a1")).thenReturn(Optional.of(alert("a1", "OP-A", AlertStatus.OPEN)));

        mvc.perform(asA(post("/v1/alerts/a1/ack")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\": \"" + "x".repeat(1001) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("note"));
        verifyNoInteractions(acks);
    }
}
