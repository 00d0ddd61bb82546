package io.fieldlink.support;

import io.fieldlink.support.security.ApiKeyRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "fieldlink.security.api-keys[0].id=probe-admin",
        "fieldlink.security.api-keys[0].tenant=OP0000000001",
        "fieldlink.security.api-keys[0].roles=admin",
        "fieldlink.security.api-keys[0].sha256=" + ServiceSupportTest.KEY_SHA256,
        "spring.kafka.bootstrap-servers=127.0.0.1:1",
        "fieldlink.security.permit-paths=/probe/self-authenticated",
})
@AutoConfigureMockMvc
class ServiceSupportTest {

    static final String KEY = "probe-key";
    // printf %s probe-key | sha256sum
    static final String KEY_SHA256 = "cd4fa85a3415965fe707f9c9f8dfb93bd64660b91c5b0bd8089e6e2aacfe31c1";

    @Autowired
    MockMvc mvc;

    @Test
    void keyHashMatchesTheDocumentedCommand() {
        org.assertj.core.api.Assertions.assertThat(ApiKeyRegistry.sha256Hex(KEY)).isEqualTo(KEY_SHA256);
    }

    @Test
    void refusesMissingKeyWithProblemJson() throws Exception {
        mvc.perform(get("/probe"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"))
                .andExpect(jsonPath("$.status").value(401));
    }

    @Test
    void refusesUnknownKeyWithTheSameAnswer() throws Exception {
        mvc.perform(get("/probe").header("Authorization", "Bearer not-the-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"))
                .andExpect(jsonPath("$.detail").value("A valid API key is required: Authorization: Bearer <key>."));
    }

    @Test
    void acceptsKnownKeyAndNamesTheTenant() throws Exception {
        mvc.perform(get("/probe").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tenant").value("OP0000000001"))
                .andExpect(jsonPath("$.key").value("probe-admin"));
    }

    @Test
    void leavesSelfAuthenticatedPathsAndTheirBearerTokensToTheService() throws Exception {
        mvc.perform(get("/probe/self-authenticated").header("Authorization", "Bearer some-ingest-token"))
                .andExpect(status().isOk())
                .andExpect(content().string("token=some-ingest-token"));
        mvc.perform(get("/probe/self-authenticated")).andExpect(status().isOk());
    }

    @Test
    void namesTheBadParameter() throws Exception {
        mvc.perform(get("/probe/count").param("n", "many").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                .andExpect(jsonPath("$.parameter").value("n"));
        mvc.perform(get("/probe/count").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("n"));
    }

    @Test
    void answersMalformedBodyAndWrongMediaType() throws Exception {
        mvc.perform(post("/probe/echo").header("Authorization", "Bearer " + KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/malformed-request"));
        mvc.perform(post("/probe/echo").header("Authorization", "Bearer " + KEY)
                        .contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unsupported-media-type"));
    }

    @Test
    void rendersApiProblemsAndHidesInternals() throws Exception {
        mvc.perform(get("/probe/gone").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/device-not-found"))
                .andExpect(jsonPath("$.deviceId").value("42"));
        mvc.perform(get("/probe/boom").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/internal-error"))
                .andExpect(content().string(not(containsString("secret internals"))));
    }

    @Test
    void healthProbesAreOpenButMetricsAreNot() throws Exception {
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + KEY)).andExpect(status().isOk());
    }

    @Test
    void readinessIsDownWhileKafkaIsUnreachable() throws Exception {
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isServiceUnavailable());
    }
}
