package io.fieldlink.command.rollout;

import io.fieldlink.command.CommandApiSlice;
import io.fieldlink.command.CommandProperties;
import io.fieldlink.command.artifacts.Artifact;
import io.fieldlink.command.artifacts.DownloadUrl;
import io.fieldlink.command.lifecycle.CommandBook;
import io.fieldlink.command.lifecycle.CommandDispatch;
import io.fieldlink.command.lifecycle.LifecycleSettings;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of the rollout endpoints: the real security chain and problem handling, the real coordinator and book
 * (a transport that records the sends, a store in memory), OP-A owning artifact {@link #ARTIFACT} and the devices
 * {@code dev-a*}, group {@code north} = dev-a1, dev-a2, dev-a3.
 */
@WebMvcTest(RolloutsController.class)
@CommandApiSlice
@Import(RolloutsControllerTest.Beans.class)
@TestPropertySource(properties = {
        "fieldlink.commands.rollouts.max-devices=5",
        "fieldlink.commands.rollouts.max-list-limit=20",
        "spring.jackson.default-property-inclusion=non_null"})
class RolloutsControllerTest {

    static final String KEY_A = CommandApiSlice.KEY_A;
    static final String KEY_B = CommandApiSlice.KEY_B;
    static final String ARTIFACT = "0193a1b2c3d4aabbccdd";
    static final String BODY = """
            {"artifactId": "%s", "group": "north", "batchSize": 2}""".formatted(ARTIFACT);

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandProperties.class)
    static class Beans {

        @Bean
        List<CommandDispatch> sends() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        RolloutCoordinator rolloutCoordinator(List<CommandDispatch> sends) {
            Clock clock = Clock.fixed(CommandApiSlice.NOW, ZoneOffset.UTC);
            CommandBook book = new CommandBook(LifecycleSettings.DEFAULT, sends::add, record -> { }, clock);
            Artifact artifact = new Artifact(ARTIFACT, "sprinkler-fw", "1.4.2", "firmware", 1234, "ab".repeat(32),
                    "application/octet-stream", CommandApiSlice.NOW);
            RolloutCoordinator coordinator = new RolloutCoordinator(book, new RolloutPorts.ArtifactSource() {
                @Override
                public Optional<Artifact> find(String tenantId, String artifactId) {
                    return "OP-A".equals(tenantId) && ARTIFACT.equals(artifactId) ? Optional.of(artifact)
                            : Optional.empty();
                }

                @Override
                public DownloadUrl presign(String tenantId, String artifactId, Duration expiry) {
                    return new DownloadUrl(URI.create("https://s3.example/x?sig=1"), CommandApiSlice.NOW.plus(expiry),
                            artifact.sha256(), artifact.size());
                }
            }, new RolloutPorts.DeviceSource() {
                @Override
                public List<String> inGroup(String tenantId, String group, int limit) {
                    return "OP-A".equals(tenantId) && "north".equals(group) ? List.of("dev-a1", "dev-a2", "dev-a3")
                            : List.of();
                }

                @Override
                public boolean belongsTo(String tenantId, String deviceId) {
                    return "OP-A".equals(tenantId) && deviceId.startsWith("dev-a");
                }
            }, record -> true, 5, clock);
            coordinator.loadedAndReconcile();
            return coordinator;
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    List<CommandDispatch> sends;

    @ParameterizedTest
    @CsvSource({"POST,/v1/rollouts", "GET,/v1/rollouts", "GET,/v1/rollouts/r1"})
    void withoutAValidKeyEveryEndpointAnswers401AsProblem(String method, String url) throws Exception {
        mvc.perform(request(HttpMethod.valueOf(method), url).contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
    }

    @Test
    void postAnswers201WithLocationAndTheRunningRolloutWithItsFirstBatchInProgress() throws Exception {
        String location = mvc.perform(as(KEY_A, post("/v1/rollouts").content(BODY)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/v1/rollouts/")))
                .andExpect(jsonPath("$.status").value("running"))
                .andExpect(jsonPath("$.artifact.id").value(ARTIFACT))
                .andExpect(jsonPath("$.artifact.version").value("1.4.2"))
                .andExpect(jsonPath("$.group").value("north"))
                .andExpect(jsonPath("$.batchSize").value(2))
                .andExpect(jsonPath("$.failureThreshold").value(1))
                .andExpect(jsonPath("$.transport").value("auto"))
                .andExpect(jsonPath("$.timeToLive").value("PT15M"))
                .andExpect(jsonPath("$.currentBatch").value(1))
                .andExpect(jsonPath("$.batchCount").value(2))
                .andExpect(jsonPath("$.counts.inProgress").value(2))
                .andExpect(jsonPath("$.counts.pending").value(1))
                .andExpect(jsonPath("$.batches[0].status").value("in-progress"))
                .andExpect(jsonPath("$.batches[1].status").value("pending"))
                .andExpect(jsonPath("$.devices[0].deviceId").value("dev-a1"))
                .andExpect(jsonPath("$.devices[0].status").value("in-progress"))
                .andExpect(jsonPath("$.devices[0].commandStatus").value("sent"))
                .andExpect(jsonPath("$.devices[2].status").value("pending"))
                .andExpect(jsonPath("$.origin").value("api:slice-a"))
                .andReturn().getResponse().getHeader("Location");

        mvc.perform(as(KEY_A, get(location))).andExpect(status().isOk())
                .andExpect(jsonPath("$.devices.length()").value(3));
        mvc.perform(as(KEY_B, get(location))).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/rollout-not-found"));
        mvc.perform(as(KEY_A, get("/v1/rollouts"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].rolloutId").exists())
                .andExpect(jsonPath("$.items[0].devices").doesNotExist());
        mvc.perform(as(KEY_B, get("/v1/rollouts"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0));
        assertThat(sends).extracting(CommandDispatch::deviceId).contains("dev-a1", "dev-a2");
    }

    @Test
    void anIdempotencyKeyGivesTheFirstRolloutWith200AndAnotherBodyWith409() throws Exception {
        String first = mvc.perform(as(KEY_A, post("/v1/rollouts").header("Idempotency-Key", "roll-1")
                        .content(BODY.replace("north", "north").replace("\"batchSize\": 2", "\"batchSize\": 3"))))
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        mvc.perform(as(KEY_A, post("/v1/rollouts").header("Idempotency-Key", "roll-1")
                        .content(BODY.replace("\"batchSize\": 2", "\"batchSize\": 3"))))
                .andExpect(status().isOk()).andExpect(header().string("Location", first));
        mvc.perform(as(KEY_A, post("/v1/rollouts").header("Idempotency-Key", "roll-1").content(BODY)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/idempotency-key-reused"));
    }

    @Test
    void badFieldsAnswer400InvalidRolloutNamingEachField() throws Exception {
        mvc.perform(as(KEY_A, post("/v1/rollouts").content("""
                        {"group": "north", "deviceIds": ["dev-a1", "dev-a1"], "batchSize": 0, "failureThreshold": 9,
                         "transport": "carrier-pigeon", "timeToLive": "soon"}""")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-rollout"))
                .andExpect(jsonPath("$.violations[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "artifactId", "group", "batchSize", "failureThreshold", "transport", "timeToLive")));
        mvc.perform(as(KEY_A, post("/v1/rollouts").content("""
                        {"artifactId": "%s", "deviceIds": ["dev-a1", "dev-a1", "bad id"]}""".formatted(ARTIFACT))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "deviceIds[1]", "deviceIds[2]")));
        mvc.perform(as(KEY_A, post("/v1/rollouts").content("""
                        {"artifactId": "%s", "deviceIds": ["dev-a1", "dev-b7"]}""".formatted(ARTIFACT))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("deviceIds[1]"));
        mvc.perform(as(KEY_A, get("/v1/rollouts?limit=21"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"));
    }

    @Test
    void anUnknownOrForeignArtifactIs404AndAnEmptyGroup422() throws Exception {
        mvc.perform(as(KEY_A, post("/v1/rollouts").content(BODY.replace(ARTIFACT, "ffffffffffffffffffff"))))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/artifact-not-found"));
        mvc.perform(as(KEY_B, post("/v1/rollouts").content(BODY)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/artifact-not-found"));
        mvc.perform(as(KEY_A, post("/v1/rollouts").content(BODY.replace("north", "south"))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/no-devices"))
                .andExpect(jsonPath("$.group").value("south"));
    }

    @Test
    void aBodyThatIsNotJsonIs400() throws Exception {
        mvc.perform(as(KEY_A, post("/v1/rollouts").content("{nope")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON);
    }
}
