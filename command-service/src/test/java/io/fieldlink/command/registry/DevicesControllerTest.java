package io.fieldlink.command.registry;

import io.fieldlink.command.CommandApiSlice;
import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of the device endpoints: the real security chain and problem handling of service-support, the real
 * registry over a publisher that records what it would have sent to Kafka, a fixed clock, API keys of two tenants.
 */
@WebMvcTest(DevicesController.class)
@CommandApiSlice
@Import(DevicesControllerTest.Beans.class)
@TestPropertySource(properties = {
        "fieldlink.commands.registry.max-page-size=50",
        "fieldlink.commands.registry.max-tags=2",
        "spring.jackson.default-property-inclusion=non_null"})
class DevicesControllerTest {

    static final String KEY_A = CommandApiSlice.KEY_A;
    static final String KEY_B = CommandApiSlice.KEY_B;
    static final Instant NOW = CommandApiSlice.NOW;
    static final String MERGE_PATCH = "application/merge-patch+json";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandProperties.class)
    static class Beans {

        @Bean
        List<DeviceProfileChanged> publishedProfiles() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        DeviceRegistry deviceRegistry(List<DeviceProfileChanged> publishedProfiles, CommandProperties properties) {
            DeviceRegistry registry = new DeviceRegistry(publishedProfiles::add, properties.registry(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            registry.markLoaded();
            return registry;
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    DeviceRegistry registry;

    @Autowired
    List<DeviceProfileChanged> published;

    final String device = "dev-" + System.nanoTime();

    @BeforeEach
    void tenantAHasADevice() {
        registry.seen("OP-A", device, new DeviceIdentity("295000000000001", null, null, null), SourceProtocol.MQTT,
                NOW.minusSeconds(30));
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/devices", "GET,/v1/devices/d1", "PATCH,/v1/devices/d1"})
    void withoutAValidKeyEveryEndpointAnswers401AsProblem(String method, String url) throws Exception {
        mvc.perform(request(HttpMethod.valueOf(method), url).contentType(MERGE_PATCH).content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unauthorized"));
        mvc.perform(request(HttpMethod.valueOf(method), url).header("Authorization", "Bearer wrong")
                        .contentType(MERGE_PATCH).content("{}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void getShowsTheDeviceWithItsRevisionAsETagAndOnline() throws Exception {
        mvc.perform(as(KEY_A, get("/v1/devices/" + device)))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.deviceId").value(device))
                .andExpect(jsonPath("$.identity.imsi").value("295000000000001"))
                .andExpect(jsonPath("$.identity.imei").doesNotExist())
                .andExpect(jsonPath("$.firstSeen").value("2026-11-27T11:59:30Z"))
                .andExpect(jsonPath("$.lastSeen").value("2026-11-27T11:59:30Z"))
                .andExpect(jsonPath("$.online").value(true))
                .andExpect(jsonPath("$.lastProtocol").value("mqtt"))
                .andExpect(jsonPath("$.tags").isArray())
                .andExpect(jsonPath("$.displayName").doesNotExist())
                .andExpect(jsonPath("$.revision").value(1));
    }

    @Test
    void anotherTenantsDeviceIsNotFoundForReadsAndWritesAndNotListed() throws Exception {
        for (MockHttpServletRequestBuilder request : List.of(get("/v1/devices/" + device),
                patch("/v1/devices/" + device).contentType(MERGE_PATCH).content("{\"tags\": [\"x\"]}"))) {
            mvc.perform(as(KEY_B, request))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/device-not-found"));
        }
        // the slice's registry is shared by the tests of this class: B may have devices of its own
        JsonNode listOfB = body(mvc.perform(as(KEY_B, get("/v1/devices?limit=50"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(listOfB.path("items").valueStream().map(item -> item.path("deviceId").asString()))
                .doesNotContain(device);
        mvc.perform(as(KEY_A, get("/v1/devices?limit=50"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.deviceId == '" + device + "')]").isNotEmpty());
        assertThat(registry.find("OP-A", device).orElseThrow().tags()).isEmpty();
    }

    @Test
    void patchStoresTheMergeAndAnswersWithTheNewRevision() throws Exception {
        int before = published.size();
        mvc.perform(as(KEY_A, patch("/v1/devices/" + device)).contentType(MERGE_PATCH).content("""
                        {"displayName": "North", "tags": ["greenhouse"], "metadata": {"row": "7"}}"""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"2\""))
                .andExpect(jsonPath("$.displayName").value("North"))
                .andExpect(jsonPath("$.tags[0]").value("greenhouse"))
                .andExpect(jsonPath("$.metadata.row").value("7"));

        assertThat(published).hasSize(before + 1);
        assertThat(published.getLast().tags()).containsExactly("greenhouse");
        assertThat(published.getLast().revision()).isEqualTo(2);
    }

    @Test
    void anInvalidPatchIs400NamingTheField() throws Exception {
        mvc.perform(as(KEY_A, patch("/v1/devices/" + device)).contentType(MERGE_PATCH)
                        .content("{\"tags\": [\"fine\", \"not fine\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-device-patch"))
                .andExpect(jsonPath("$.violations[0].field").value("tags[1]"));
        mvc.perform(as(KEY_A, patch("/v1/devices/" + device)).contentType(MERGE_PATCH)
                        .content("{\"tags\": [\"a\", \"b\", \"c\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("tags"));
        mvc.perform(as(KEY_A, patch("/v1/devices/" + device)).contentType(MERGE_PATCH).content("{\"tags\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/malformed-request"));
        assertThat(registry.find("OP-A", device).orElseThrow().revision()).isEqualTo(1);
    }

    @Test
    void ifMatchWithAnOldRevisionIs412AndTheCurrentOneSucceeds() throws Exception {
        mvc.perform(as(KEY_A, patch("/v1/devices/" + device)).contentType(MERGE_PATCH).header("If-Match", "\"5\"")
                        .content("{\"displayName\": \"x\"}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/revision-mismatch"))
                .andExpect(jsonPath("$.currentRevision").value(1));
        mvc.perform(as(KEY_A, patch("/v1/devices/" + device)).contentType(MERGE_PATCH).header("If-Match", "\"1\"")
                        .content("{\"displayName\": \"x\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"2\""));
    }

    @Test
    void patchNeedsTheMergePatchMediaType() throws Exception {
        mvc.perform(as(KEY_A, patch("/v1/devices/" + device)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\": \"x\"}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/unsupported-media-type"));
    }

    @Test
    void patchOfAnUnknownDeviceIs404() throws Exception {
        mvc.perform(as(KEY_A, patch("/v1/devices/never-seen")).contentType(MERGE_PATCH).content("{\"tags\": []}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/device-not-found"));
    }

    @Test
    void theListPagesWithAnOpaqueCursorAndFiltersByTag() throws Exception {
        String prefix = "page-" + System.nanoTime() + "-";
        for (int i = 1; i <= 3; i++) {
            registry.seen("OP-B", prefix + i, null, SourceProtocol.UDP, NOW);
        }
        mvc.perform(as(KEY_B, patch("/v1/devices/" + prefix + 2)).contentType(MERGE_PATCH)
                .content("{\"tags\": [\"hot\"]}")).andExpect(status().isOk());

        JsonNode first = body(mvc.perform(as(KEY_B, get("/v1/devices?limit=2"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(first.path("items").valueStream().map(item -> item.path("deviceId").asString()))
                .containsExactly(prefix + 1, prefix + 2);
        String next = first.path("next").asString();
        assertThat(next).isNotBlank().doesNotContain(prefix);

        mvc.perform(as(KEY_B, get("/v1/devices?limit=2&cursor=" + next))).andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].deviceId").value(prefix + 3))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.next").doesNotExist());
        mvc.perform(as(KEY_B, get("/v1/devices?tag=hot"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].deviceId").value(prefix + 2));
    }

    @ParameterizedTest
    @CsvSource({"limit=0,limit", "limit=51,limit", "limit=x,limit", "cursor=bm9wZQ,cursor", "cursor=%25%25,cursor",
            "tag=a%20b,tag", "group=%2F,group"})
    void badQueryParametersAre400NamingTheParameter(String query, String parameter) throws Exception {
        mvc.perform(as(KEY_A, get("/v1/devices?" + query)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-parameter"))
                .andExpect(jsonPath("$.parameter").value(parameter));
    }

    private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + key);
    }

    private static JsonNode body(String json) {
        return JsonMapper.builder().build().readTree(json);
    }
}
