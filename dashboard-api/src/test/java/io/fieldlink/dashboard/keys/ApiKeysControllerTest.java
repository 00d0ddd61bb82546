package io.fieldlink.dashboard.keys;

import io.fieldlink.dashboard.ApiKeySecuredSlice;
import io.fieldlink.contracts.ApiKeyChanged;
import io.fieldlink.dashboard.access.AccessConfiguration;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.ApiKeyRegistry;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of the key admin API with the real API-key security, dashboard-api's role rules and the real
 * {@code IssuedApiKeys}; the Kafka writer is replaced by a recording one (the real one is in {@code ApiKeysIT}).
 */
@WebMvcTest(ApiKeysController.class)
@Import({AccessConfiguration.class, ApiKeysControllerTest.Beans.class})
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
        "fieldlink.security.api-keys[2].id=admin-a",
        "fieldlink.security.api-keys[2].sha256=69a5265506c94c77b787a7d7377b7685a0eff82e33920a71e7ee22cd6154953e",
        "fieldlink.security.api-keys[2].tenant=OP-A",
        "fieldlink.security.api-keys[2].roles=admin",
        "fieldlink.security.api-keys[3].id=admin-b",
        "fieldlink.security.api-keys[3].sha256=" + ApiKeysControllerTest.ADMIN_B_SHA256,
        "fieldlink.security.api-keys[3].tenant=OP-B",
        "fieldlink.security.api-keys[3].roles=admin",
})
class ApiKeysControllerTest {

    static final String ADMIN_A = "admin-key";
    static final String ADMIN_B = "admin-b-key";
    // printf %s admin-b-key | sha256sum
    static final String ADMIN_B_SHA256 = "8e4003be09548873ed48c2c18490dbcf45dc292b94a0bbcbfca2211c529617b9";
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final RecordingPublisher PUBLISHED = new RecordingPublisher();
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Stands for the Kafka writer: records what would be written, or fails like Kafka being away. */
    static final class RecordingPublisher implements ApiKeyPublisher {
        final List<ApiKeyChanged> records = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void publish(ApiKeyChanged key) {
            if (down) {
                throw new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "write-unavailable", "Service unavailable",
                        "down");
            }
            records.add(key);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        ApiKeyPublisher recordingPublisher() {
            return PUBLISHED;
        }

        @Bean
        ApiKeySecrets apiKeySecrets() {
            return new ApiKeySecrets(new SecureRandom());
        }

        @Bean
        ApiKeyValidator apiKeyValidator() {
            return new ApiKeyValidator(AccessConfiguration.ROLES);
        }

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void reset() {
        PUBLISHED.records.clear();
        PUBLISHED.down = false;
    }

    private JsonNode issue(String adminKey, String body) throws Exception {
        MvcResult result = mvc.perform(post("/v1/admin/api-keys").header("Authorization", "Bearer " + adminKey)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andReturn();
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    @Test
    void adminIssuesAKeyThatWorksAtOnceAndIsStoredOnlyAsItsHash() throws Exception {
        JsonNode issued = issue(ADMIN_A, "{\"name\":\" greenhouse display \",\"roles\":[\"admin\",\"viewer\"]}");

        String secret = issued.get("secret").asString();
        String keyId = issued.get("keyId").asString();
        assertThat(secret).startsWith("flk_").hasSize(4 + 43).doesNotContain(".");
        assertThat(keyId).matches("key-[0-9a-f]{16}");
        assertThat(issued.get("name").asString()).isEqualTo("greenhouse display");
        assertThat(PUBLISHED.records).singleElement().satisfies(record -> {
            assertThat(record.keyId()).isEqualTo(keyId);
            assertThat(record.tenantId()).isEqualTo("OP-A");
            assertThat(record.roles()).containsExactly("admin", "viewer");
            assertThat(record.sha256()).isEqualTo(ApiKeyRegistry.sha256Hex(secret));
            assertThat(record.createdAt()).isEqualTo(NOW);
            assertThat(record.revokedAt()).isNull();
        });
        // the new key is an admin of OP-A on this instance at once
        mvc.perform(get("/v1/admin/api-keys").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.keyId == '" + keyId + "')].name").value("greenhouse display"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(secret))))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        ApiKeyRegistry.sha256Hex(secret)))));
    }

    @Test
    void revokingStopsTheKeyAndIsIdempotent() throws Exception {
        JsonNode issued = issue(ADMIN_A, "{\"name\":\"short-lived\",\"roles\":[\"viewer\"]}");
        String keyId = issued.get("keyId").asString();
        String secret = issued.get("secret").asString();
        mvc.perform(get("/v1/admin/api-keys").header("Authorization", "Bearer " + secret))
                .andExpect(status().isForbidden());

        mvc.perform(delete("/v1/admin/api-keys/{id}", keyId).header("Authorization", "Bearer " + ADMIN_A))
                .andExpect(status().isNoContent());
        mvc.perform(delete("/v1/admin/api-keys/{id}", keyId).header("Authorization", "Bearer " + ADMIN_A))
                .andExpect(status().isNoContent());

        assertThat(PUBLISHED.records).hasSize(2);
        assertThat(PUBLISHED.records.get(1).revokedAt()).isEqualTo(NOW);
        mvc.perform(get("/v1/admin/api-keys").header("Authorization", "Bearer " + secret))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/v1/admin/api-keys").header("Authorization", "Bearer " + ADMIN_A))
                .andExpect(jsonPath("$.items[?(@.keyId == '" + keyId + "')].revokedAt").value("2026-11-27T10:00:00Z"));
    }

    @Test
    void anAdminSeesAndRevokesOnlyItsOwnTenantsKeys() throws Exception {
        String keyOfA = issue(ADMIN_A, "{\"name\":\"of A\",\"roles\":[\"viewer\"]}").get("keyId").asString();

        mvc.perform(delete("/v1/admin/api-keys/{id}", keyOfA).header("Authorization", "Bearer " + ADMIN_B))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/api-key-not-found"))
                .andExpect(jsonPath("$.keyId").value(keyOfA));
        mvc.perform(get("/v1/admin/api-keys").header("Authorization", "Bearer " + ADMIN_B))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.keyId == '" + keyOfA + "')]").isEmpty());
        mvc.perform(delete("/v1/admin/api-keys/key-0000000000000000").header("Authorization", "Bearer " + ADMIN_A))
                .andExpect(status().isNotFound());
        assertThat(PUBLISHED.records).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"viewer-key", "operator-key"})
    void onlyAdminsManageKeys(String key) throws Exception {
        mvc.perform(get("/v1/admin/api-keys").header("Authorization", "Bearer " + key))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/forbidden"));
        mvc.perform(post("/v1/admin/api-keys").header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\",\"roles\":[\"admin\"]}"))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/v1/admin/api-keys/key-1").header("Authorization", "Bearer " + key))
                .andExpect(status().isForbidden());
        mvc.perform(get("/v1/admin/api-keys")).andExpect(status().isUnauthorized());
        assertThat(PUBLISHED.records).isEmpty();
    }

    @Test
    void namesEachInvalidField() throws Exception {
        mvc.perform(post("/v1/admin/api-keys").header("Authorization", "Bearer " + ADMIN_A)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"  \",\"roles\":[\"viewer\",\"superuser\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-api-key"))
                .andExpect(jsonPath("$.violations", hasSize(2)))
                .andExpect(jsonPath("$.violations[0].field").value("name"))
                .andExpect(jsonPath("$.violations[1].field").value("roles[1]"));
        mvc.perform(post("/v1/admin/api-keys").header("Authorization", "Bearer " + ADMIN_A)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + "n".repeat(101) + "\",\"roles\":[]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("name"))
                .andExpect(jsonPath("$.violations[0].message").value("must be at most 100 characters"))
                .andExpect(jsonPath("$.violations[1].field").value("roles"));
        mvc.perform(post("/v1/admin/api-keys").header("Authorization", "Bearer " + ADMIN_A)
                        .contentType(MediaType.APPLICATION_JSON).content(""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/invalid-api-key"));
        assertThat(PUBLISHED.records).isEmpty();
    }

    @Test
    void aKeyKafkaDidNotTakeIsNeitherShownNorAccepted() throws Exception {
        PUBLISHED.down = true;

        mvc.perform(post("/v1/admin/api-keys").header("Authorization", "Bearer " + ADMIN_A)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"lost\",\"roles\":[\"viewer\"]}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("https://fieldlink.io/problems/write-unavailable"))
                .andExpect(jsonPath("$.secret").doesNotExist());
        mvc.perform(get("/v1/admin/api-keys").header("Authorization", "Bearer " + ADMIN_A))
                .andExpect(jsonPath("$.items[?(@.name == 'lost')]").isEmpty());
    }
}
