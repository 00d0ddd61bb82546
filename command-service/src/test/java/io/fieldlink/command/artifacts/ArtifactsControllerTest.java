package io.fieldlink.command.artifacts;

import io.fieldlink.command.CommandApiSlice;
import io.fieldlink.command.CommandProperties;
import org.junit.jupiter.api.BeforeEach;
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

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

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
 * Web slice of the artifact endpoints: the real security chain and problem handling of service-support, the real
 * {@link Artifacts} over objects in memory, API keys of two tenants, a max size of 64 bytes.
 */
@WebMvcTest(ArtifactsController.class)
@CommandApiSlice
@Import(ArtifactsControllerTest.Beans.class)
@TestPropertySource(properties = "fieldlink.commands.artifacts.max-size=64B")
class ArtifactsControllerTest {

    static final String KEY_A = CommandApiSlice.KEY_A;
    static final String KEY_B = CommandApiSlice.KEY_B;
    static final Instant NOW = CommandApiSlice.NOW;

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandProperties.class)
    static class Beans {

        @Bean
        InMemoryObjectStorage storage() {
            return new InMemoryObjectStorage();
        }

        @Bean
        Artifacts artifacts(InMemoryObjectStorage storage, CommandProperties properties) {
            return new Artifacts(storage, properties.artifacts(), Clock.fixed(NOW, ZoneOffset.UTC));
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    InMemoryObjectStorage storage;

    String id;

    @BeforeEach
    void tenantAHasAnArtifact() throws Exception {
        storage.objects.clear();
        String location = mvc.perform(as(KEY_A, upload("name=sprinkler-fw&version=1.4.2", "abc")))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/v1/artifacts/")))
                .andExpect(jsonPath("$.sha256").value("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
                .andExpect(jsonPath("$.size").value(3))
                .andExpect(jsonPath("$.kind").value("firmware"))
                .andExpect(jsonPath("$.createdAt").value("2026-11-27T12:00:00Z"))
                .andReturn().getResponse().getHeader("Location");
        id = location.substring("/v1/artifacts/".length());
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/artifacts", "GET,/v1/artifacts/00000000000000000000", "POST,/v1/artifacts?name=a&version=1",
            "POST,/v1/artifacts/00000000000000000000/download-url"})
    void withoutAValidKeyEveryEndpointAnswers401AsProblem(String method, String url) throws Exception {
        mvc.perform(request(HttpMethod.valueOf(method), url).contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(new byte[]{1}))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        mvc.perform(request(HttpMethod.valueOf(method), url).header("Authorization", "Bearer wrong")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[]{1}))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void theOwnerListsAndReadsItsArtifact() throws Exception {
        mvc.perform(as(KEY_A, get("/v1/artifacts")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(id))
                .andExpect(jsonPath("$.items[0].name").value("sprinkler-fw"))
                .andExpect(jsonPath("$.items[0].version").value("1.4.2"));
        mvc.perform(as(KEY_A, get("/v1/artifacts/" + id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.size").value(3));
        mvc.perform(as(KEY_A, post("/v1/artifacts/" + id + "/download-url")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url").value(startsWith("https://s3.example/artifacts/OP-A/" + id)))
                .andExpect(jsonPath("$.expiresAt").value("2026-11-27T12:15:00Z"))
                .andExpect(jsonPath("$.sha256").value("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    @Test
    void anotherTenantsArtifactIsNotFoundAndNotListed() throws Exception {
        for (MockHttpServletRequestBuilder request : java.util.List.of(get("/v1/artifacts/" + id),
                post("/v1/artifacts/" + id + "/download-url"))) {
            mvc.perform(as(KEY_B, request))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/artifact-not-found"));
        }
        mvc.perform(as(KEY_B, get("/v1/artifacts")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty());
    }

    @Test
    void badFieldsAre400NamingEachField() throws Exception {
        mvc.perform(as(KEY_A, upload("version=1%200&kind=driver", "abc")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-artifact"))
                .andExpect(jsonPath("$.violations[0].field").value("name"))
                .andExpect(jsonPath("$.violations[1].field").value("version"))
                .andExpect(jsonPath("$.violations[2].field").value("kind"));
        assertThat(storage.objects).hasSize(1);
    }

    @Test
    void aBodyOverMaxSizeIs413AndNothingIsStored() throws Exception {
        mvc.perform(as(KEY_A, upload("name=big&version=1", "x".repeat(65))))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/payload-too-large"))
                .andExpect(jsonPath("$.maxSize").value(64));
        mvc.perform(as(KEY_A, upload("name=just-fits&version=1", "x".repeat(64))))
                .andExpect(status().isCreated());
        assertThat(storage.objects).hasSize(2);
    }

    @Test
    void aBodyThatIsNotOctetStreamIs415() throws Exception {
        mvc.perform(as(KEY_A, post("/v1/artifacts?name=a&version=1").contentType(MediaType.APPLICATION_JSON)
                        .content("{}")))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private static MockHttpServletRequestBuilder upload(String query, String body) {
        return post("/v1/artifacts?" + query).contentType(MediaType.APPLICATION_OCTET_STREAM).content(body.getBytes());
    }

    private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + key);
    }
}
