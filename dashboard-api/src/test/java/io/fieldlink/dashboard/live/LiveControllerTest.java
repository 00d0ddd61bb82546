package io.fieldlink.dashboard.live;

import io.fieldlink.dashboard.ApiKeySecuredSlice;
import io.fieldlink.dashboard.DashboardProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.Set;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of {@code GET /v1/stream}: the real API-key security, parameter validation and stream limits
 * (two streams per tenant here), with the real {@link LiveStreams} sending on the calling thread.
 */
@WebMvcTest(LiveController.class)
@ApiKeySecuredSlice
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=slice-a",
        "fieldlink.security.api-keys[0].sha256=178ab329a6eb245d6509ffd8eee52c5afd9cfd0141b12423f4922071fbd427db",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.security.api-keys[1].id=slice-b",
        "fieldlink.security.api-keys[1].sha256=cc656726b0d4ef24f32d680d97b4c92e7ef411e51dbfe1988afe4b571ead7cc2",
        "fieldlink.security.api-keys[1].tenant=OP-B",
        "fieldlink.dashboard.live.max-streams-per-tenant=2",
})
class LiveControllerTest {

    static final String KEY_A = "slice-key-a";
    static final String KEY_B = "slice-key-b";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DashboardProperties.class)
    static class Beans {
        @Bean
        LiveStreams liveStreams(DashboardProperties properties) {
            Executor direct = Runnable::run;
            return new LiveStreams(properties.live(), direct, new SimpleMeterRegistry());
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    LiveStreams streams;

    @AfterEach
    void closeStreams() {
        streams.closeAll();
    }

    private static MockHttpServletRequestBuilder as(String key, String url) {
        return get(url).header("Authorization", "Bearer " + key).accept(MediaType.TEXT_EVENT_STREAM);
    }

    @Test
    void withoutAKeyAnswers401AsProblem() throws Exception {
        mvc.perform(get("/v1/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void anUnknownTypeAnswers400NamingTheParameter() throws Exception {
        mvc.perform(as(KEY_A, "/v1/stream?types=reading,weather"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                .andExpect(jsonPath("$.parameter").value("types"));
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void aStreamOpensForTheCallersTenantAndCarriesItsEventsOnly() throws Exception {
        MvcResult opened = mvc.perform(as(KEY_A, "/v1/stream?deviceId=dev-1&types=alert"))
                .andExpect(request().asyncStarted())
                .andExpect(status().isOk())
                .andReturn();
        assertThat(streams.openStreams("OP-A")).isEqualTo(1);

        streams.publish(new LiveEvent(EventType.ALERT, "OP-B", "dev-1", "{\"from\":\"b\"}"));
        streams.publish(new LiveEvent(EventType.READING, "OP-A", "dev-1", "{\"from\":\"reading\"}"));
        streams.publish(new LiveEvent(EventType.ALERT, "OP-A", "dev-2", "{\"from\":\"other-device\"}"));
        streams.publish(new LiveEvent(EventType.ALERT, "OP-A", "dev-1", "{\"alertId\":\"a-1\"}"));

        String body = opened.getResponse().getContentAsString();
        assertThat(opened.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        assertThat(body).startsWith(":heartbeat\n\n");
        assertThat(body).contains("event:alert\ndata:{\"alertId\":\"a-1\"}\n\n");
        assertThat(body).doesNotContain("\"from\"");
    }

    @Test
    void overTheTenantsLimitAnswers429AndOtherTenantsStillOpen() throws Exception {
        mvc.perform(as(KEY_A, "/v1/stream")).andExpect(request().asyncStarted());
        mvc.perform(as(KEY_A, "/v1/stream")).andExpect(request().asyncStarted());

        mvc.perform(as(KEY_A, "/v1/stream"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/too-many-streams"));
        mvc.perform(as(KEY_B, "/v1/stream")).andExpect(request().asyncStarted());
        assertThat(streams.openStreams()).isEqualTo(3);
        assertThat(Set.of(streams.openStreams("OP-A"), streams.openStreams("OP-B"))).containsExactlyInAnyOrder(2, 1);
    }
}
