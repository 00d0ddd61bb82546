package io.fieldlink.command.delivery;

import io.fieldlink.command.CommandApiSlice;
import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.command.lifecycle.LifecycleSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of the command endpoints: the real security chain and problem handling of service-support, the real
 * book over a transport that records the sends, a directory where {@code dev-a*} belong to OP-A and {@code dev-b*}
 * to OP-B, a fixed clock.
 */
@WebMvcTest(CommandsController.class)
@CommandApiSlice
@Import(CommandsControllerTest.Beans.class)
@TestPropertySource(properties = {
        "fieldlink.commands.api.max-parameters=2",
        "fieldlink.commands.api.max-time-to-live=PT1H",
        "spring.jackson.default-property-inclusion=non_null"})
class CommandsControllerTest {

    static final String KEY_A = CommandApiSlice.KEY_A;
    static final String KEY_B = CommandApiSlice.KEY_B;
    static final Instant NOW = CommandApiSlice.NOW;
    static final String BODY = """
            {"name": "sprinkler", "parameters": {"state": "on"}, "timeToLive": "PT10M"}""";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandProperties.class)
    static class Beans {

        @Bean
        List<CommandDispatch> sends() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        CommandDesk commandDesk(List<CommandDispatch> sends) {
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            CommandBook book = new CommandBook(LifecycleSettings.DEFAULT, sends::add, record -> { }, clock);
            DeviceDirectory directory = new DeviceDirectory() {
                @Override
                public Optional<String> tenantOf(String deviceId) {
                    return deviceId.startsWith("dev-a") ? Optional.of("OP-A")
                            : deviceId.startsWith("dev-b") ? Optional.of("OP-B") : Optional.empty();
                }

                @Override
                public void contact(String tenantId, String deviceId, Instant time) {
                }
            };
            return new CommandDesk(book, directory, () -> true, () -> true,
                    new CommandMetrics(new SimpleMeterRegistry()), clock);
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    List<CommandDispatch> sends;

    final String device = "dev-a" + System.nanoTime();

    @ParameterizedTest
    @CsvSource({"POST,/v1/devices/dev-a1/commands", "GET,/v1/devices/dev-a1/commands", "GET,/v1/commands/c1"})
    void withoutAValidKeyEveryEndpointAnswers401AsProblem(String method, String url) throws Exception {
        mvc.perform(request(HttpMethod.valueOf(method), url).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        mvc.perform(request(HttpMethod.valueOf(method), url).header("Authorization", "Bearer wrong")
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void postAnswers202WithLocationAndTheQueuedOrSentCommandAndTheDeviceGetsIt() throws Exception {
        MvcResult result = mvc.perform(as(KEY_A, post("/v1/devices/" + device + "/commands").content(BODY)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.deviceId").value(device))
                .andExpect(jsonPath("$.name").value("sprinkler"))
                .andExpect(jsonPath("$.parameters.state").value("on"))
                .andExpect(jsonPath("$.transport").value("auto"))
                .andExpect(jsonPath("$.status").value("sent"))
                .andExpect(jsonPath("$.expiresAt").value("2026-11-27T12:10:00Z"))
                .andExpect(jsonPath("$.origin").value("api:slice-a"))
                .andExpect(jsonPath("$.tenantId").doesNotExist())
                .andReturn();
        String id = com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.commandId");
        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/v1/commands/" + id);
        assertThat(sends).anyMatch(d -> d.command().commandId().equals(id) && d.deviceId().equals(device));

        mvc.perform(as(KEY_A, get("/v1/commands/" + id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.commandId").value(id));
        mvc.perform(as(KEY_A, get("/v1/devices/" + device + "/commands"))).andExpect(status().isOk())
                .andExpect(jsonPath("$[0].commandId").value(id));
    }

    @Test
    void anotherTenantsDeviceAndCommandAnswer404() throws Exception {
        MvcResult result = mvc.perform(as(KEY_A, post("/v1/devices/" + device + "/commands").content(BODY)))
                .andExpect(status().isAccepted()).andReturn();
        String location = result.getResponse().getHeader("Location");

        mvc.perform(as(KEY_B, post("/v1/devices/" + device + "/commands").content(BODY)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/device-not-found"));
        mvc.perform(as(KEY_B, get("/v1/devices/" + device + "/commands"))).andExpect(status().isNotFound());
        mvc.perform(as(KEY_B, get(location)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/command-not-found"));
        mvc.perform(as(KEY_A, post("/v1/devices/unknown-1/commands").content(BODY))).andExpect(status().isNotFound());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"bad name!\"}|name",
            "{\"parameters\": {\"a\": \"1\"}}|name",
            "{\"name\": \"x\", \"parameters\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\"}}|parameters",
            "{\"name\": \"x\", \"parameters\": {\"bad key\": \"1\"}}|parameters.bad key",
            "{\"name\": \"x\", \"timeToLive\": \"PT2H\"}|timeToLive",
            "{\"name\": \"x\", \"timeToLive\": \"ten minutes\"}|timeToLive",
            "{\"name\": \"x\", \"transport\": \"carrier-pigeon\"}|transport"})
    void aBadFieldAnswers400NamingIt(String body, String field) throws Exception {
        mvc.perform(as(KEY_A, post("/v1/devices/" + device + "/commands").content(body)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-command"))
                .andExpect(jsonPath("$.violations[0].field").value(field));
    }

    @Test
    void lwm2mIsRefusedUntilItExists() throws Exception {
        mvc.perform(as(KEY_A, post("/v1/devices/" + device + "/commands")
                        .content("{\"name\": \"x\", \"transport\": \"lwm2m\"}")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/transport-unavailable"));
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameCommandAndReusingItForAnotherIs409() throws Exception {
        String first = mvc.perform(as(KEY_A, post("/v1/devices/" + device + "/commands").header("Idempotency-Key", "k1")
                        .content(BODY)))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location");
        int sendsBefore = sends.size();

        mvc.perform(as(KEY_A, post("/v1/devices/" + device + "/commands").header("Idempotency-Key", "k1").content(BODY)))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", first));
        assertThat(sends).hasSize(sendsBefore);

        mvc.perform(as(KEY_A, post("/v1/devices/" + device + "/commands").header("Idempotency-Key", "k1")
                        .content("{\"name\": \"sprinkler\", \"parameters\": {\"state\": \"off\"}}")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/idempotency-key-reused"));
    }

    private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON);
    }
}
