package io.fieldlink.dashboard.forward;

import io.fieldlink.dashboard.ApiKeySecuredSlice;
import io.fieldlink.dashboard.access.AccessConfiguration;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of the forwarded writes and of the roles: the real API-key security with dashboard-api's role
 * rules, with test doubles for the owning services (the real HTTP forwarding is in {@code WritesForwardingIT}).
 */
@WebMvcTest({WritesController.class, RulesController.class})
@Import({AccessConfiguration.class, WritesControllerTest.Beans.class})
@ApiKeySecuredSlice
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=viewer",
        "fieldlink.security.api-keys[0].sha256=9b88f3b3de5ee9f1bb657b76cc43581a9e25e9091bb23c35b2748b7c3509b6e6",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.security.api-keys[0].roles=viewer",
        "fieldlink.security.api-keys[1].id=operator",
        "fieldlink.security.api-keys[1].sha256=c9736463f555cdb7d2a78cfd7aa8b8c4f09d906d78f8dab9228eda30a28c2818",
        "fieldlink.security.api-keys[1].tenant=OP-A",
        "fieldlink.security.api-keys[1].roles=operator",
        "fieldlink.security.api-keys[2].id=admin",
        "fieldlink.security.api-keys[2].sha256=69a5265506c94c77b787a7d7377b7685a0eff82e33920a71e7ee22cd6154953e",
        "fieldlink.security.api-keys[2].tenant=OP-A",
        "fieldlink.security.api-keys[2].roles=admin",
        // configured before roles existed: gets service-support's default role "read"
        "fieldlink.security.api-keys[3].id=legacy",
        "fieldlink.security.api-keys[3].sha256=94eeb7bbe979dd0d2f0bb085172b76a1bc9e61789839480834a9bcb5aaf9c6ef",
        "fieldlink.security.api-keys[3].tenant=OP-A",
})
class WritesControllerTest {

    static final Upstream COMMANDS = mock(Upstream.class);
    static final Upstream RULES = mock(Upstream.class);

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        Upstreams upstreams() {
            return new Upstreams(COMMANDS, RULES);
        }

        @Bean
        ReadProbe readProbe() {
            return new ReadProbe();
        }
    }

    /** A read endpoint, so the slice shows what each role may read without the OpenSearch queries. */
    @RestController
    static class ReadProbe {

        @GetMapping("/v1/probe")
        String probe() {
            return "read";
        }
    }

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void resetUpstreams() {
        reset(COMMANDS, RULES);
        when(COMMANDS.post(any(), any(), any())).thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.LOCATION, "/v1/commands/c-1").contentType(MediaType.APPLICATION_JSON)
                .body("{\"commandId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8)));
        when(RULES.post(any(), any(), any())).thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED)
                .contentType(MediaType.APPLICATION_JSON).body("{\"alertId\":\"a-1\"}".getBytes(StandardCharsets.UTF_8)));
    }

    private static MockHttpServletRequestBuilder sendCommand(String key) {
        return post("/v1/devices/dev-1/commands").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"sprinkler\"}");
    }

    private static MockHttpServletRequestBuilder acknowledge(String key) {
        return post("/v1/alerts/a-1/ack").header("Authorization", "Bearer " + key);
    }

    @ParameterizedTest
    @CsvSource({"viewer-key", "legacy-key"})
    void viewerWritesAnswer403ForbiddenAndReachNoOwner(String key) throws Exception {
        for (MockHttpServletRequestBuilder write : new MockHttpServletRequestBuilder[] {sendCommand(key), acknowledge(key)}) {
            mvc.perform(write)
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/forbidden"));
        }
        verifyNoInteractions(COMMANDS, RULES);
    }

    @ParameterizedTest
    @CsvSource({"viewer-key", "legacy-key", "operator-key", "admin-key"})
    void everyRoleReads(String key) throws Exception {
        mvc.perform(get("/v1/probe").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(content().string("read"));
    }

    @ParameterizedTest
    @CsvSource({"operator-key", "admin-key"})
    void operatorAndAdminSendCommandsAndTheOwnersAnswerComesBack(String key) throws Exception {
        mvc.perform(sendCommand(key).header("Idempotency-Key", "k-1"))
                .andExpect(status().isAccepted())
                .andExpect(header().string(HttpHeaders.LOCATION, "/v1/commands/c-1"))
                .andExpect(jsonPath("$.commandId").value("c-1"));
        verify(COMMANDS).post(eq("/v1/devices/dev-1/commands"),
                org.mockito.ArgumentMatchers.argThat(headers -> ("Bearer " + key).equals(headers.getFirst("Authorization"))
                        && "k-1".equals(headers.getFirst("Idempotency-Key"))),
                eq("{\"name\":\"sprinkler\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource({"operator-key", "admin-key"})
    void operatorAndAdminAcknowledgeAlerts(String key) throws Exception {
        mvc.perform(acknowledge(key))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.alertId").value("a-1"));
        verify(RULES).post(eq("/v1/alerts/a-1/ack"), any(), any());
    }

    @Test
    void pathVariablesAreEncodedAgainForTheOwner() throws Exception {
        mvc.perform(post("/v1/alerts/{id}/ack", "a 1é").header("Authorization", "Bearer operator-key"))
                .andExpect(status().isAccepted());
        verify(RULES).post(eq("/v1/alerts/a%201%C3%A9/ack"), any(), any());
    }

    @Test
    void otherWritesNeedAdmin() throws Exception {
        mvc.perform(delete("/v1/alerts/a-1").header("Authorization", "Bearer operator-key"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/forbidden"));
        // admin passes the role check; the slice has no such endpoint
        mvc.perform(delete("/v1/alerts/a-1").header("Authorization", "Bearer admin-key"))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.type").value(org.hamcrest.Matchers.not("https://fieldlink.io/problems/forbidden")));
    }

    @Test
    void withoutAKeyWritesAnswer401() throws Exception {
        mvc.perform(post("/v1/devices/dev-1/commands").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        mvc.perform(post("/v1/alerts/a-1/ack").header("Authorization", "Bearer not-a-key"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(COMMANDS, RULES);
    }

    @Test
    void anUnreachableOwnerIs503UpstreamUnavailable() throws Exception {
        when(COMMANDS.post(any(), any(), any())).thenThrow(new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                Upstream.UPSTREAM_UNAVAILABLE, "Upstream unavailable", "down").withHeader("Retry-After", "5"));
        mvc.perform(sendCommand("operator-key"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/upstream-unavailable"));
    }

    @ParameterizedTest
    @CsvSource({"viewer-key", "legacy-key", "operator-key", "admin-key"})
    void everyRoleListsRulesFromRulesService(String key) throws Exception {
        when(RULES.send(eq("GET"), eq("/v1/rules"), any(), any())).thenReturn(ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON).body("{\"rules\":[]}".getBytes(StandardCharsets.UTF_8)));
        mvc.perform(get("/v1/rules").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rules").isArray());
    }

    @ParameterizedTest
    @CsvSource({"viewer-key", "operator-key"})
    void onlyAdminsWriteRules(String key) throws Exception {
        mvc.perform(post("/v1/rules").header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
        mvc.perform(put("/v1/rules/r-1").header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(RULES);
    }

    @Test
    void anAdminsRuleChangeGoesToRulesServiceWithItsRevision() throws Exception {
        when(RULES.send(eq("PUT"), eq("/v1/rules/r%201"), any(), any())).thenReturn(ResponseEntity.ok()
                .eTag("\"4\"").body("{}".getBytes(StandardCharsets.UTF_8)));
        mvc.perform(put("/v1/rules/{id}", "r 1").header("Authorization", "Bearer admin-key").header("If-Match", "\"3\"")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"enabled\":false}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"4\""));
        verify(RULES).send(eq("PUT"), eq("/v1/rules/r%201"),
                org.mockito.ArgumentMatchers.argThat(headers -> "\"3\"".equals(headers.getFirst("If-Match"))),
                eq("{\"enabled\":false}".getBytes(StandardCharsets.UTF_8)));
    }
}
