package io.fieldlink.dashboard;

import io.fieldlink.contracts.ApiKeyChanged;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.Topics;
import io.fieldlink.support.security.ApiKeyRegistry;
import io.fieldlink.testsupport.KafkaExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key admin API on the whole application and a real Kafka broker: a key issued through it works, is written to
 * {@code iot.api-keys.v1} as a hash only, and stops working within seconds of its revocation. (That every other
 * service follows the topic is {@code ApiKeyTopicIT} in service-support, with two services.)
 */
class ApiKeysIT extends DashboardITSupport {

    @Test
    void anIssuedKeyWorksUntilItIsRevoked() throws Exception {
        HttpResponse<String> created = post("/v1/admin/api-keys", KEYS_ADMIN_KEY,
                Map.of("Content-Type", "application/json"), "{\"name\":\"farm display\",\"roles\":[\"viewer\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.body());
        String keyId = key.get("keyId").asString();
        String secret = key.get("secret").asString();
        assertThat(created.headers().firstValue("Location")).contains("/v1/admin/api-keys/" + keyId);

        assertThat(get("/v1/devices", secret).status()).isEqualTo(200);
        assertThat(get("/v1/admin/api-keys", secret).status()).isEqualTo(403);
        Response list = get("/v1/admin/api-keys", KEYS_ADMIN_KEY);
        assertThat(list.body().get("items").valueStream().map(item -> item.get("keyId").asString())).contains(keyId);

        var records = KafkaExtension.node().readAll(Topics.API_KEYS.name()).stream()
                .filter(record -> keyId.equals(record.key())).toList();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(secret);
            assertThat(ContractJson.read(record.value(), ApiKeyChanged.class).sha256())
                    .isEqualTo(ApiKeyRegistry.sha256Hex(secret));
        });

        assertThat(delete("/v1/admin/api-keys/" + keyId, KEYS_ADMIN_KEY).statusCode()).isEqualTo(204);

        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> get("/v1/devices", secret).status() == 401);
        assertThat(get("/v1/admin/api-keys", KEYS_ADMIN_KEY).body().get("items").valueStream()
                .filter(item -> keyId.equals(item.get("keyId").asString()))
                .map(item -> item.get("revokedAt").isNull())).containsExactly(false);
    }

    @Test
    void anotherTenantsAdminCannotRevokeIt() {
        HttpResponse<String> created = post("/v1/admin/api-keys", KEYS_ADMIN_KEY,
                Map.of("Content-Type", "application/json"), "{\"name\":\"kept\",\"roles\":[\"viewer\"]}");
        String keyId = JSON.readTree(created.body()).get("keyId").asString();
        String otherAdmin = issueAdminOf("OP-ITKEYS-OTHER");

        HttpResponse<String> refused = delete("/v1/admin/api-keys/" + keyId, otherAdmin);

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("https://fieldlink.io/problems/api-key-not-found");
        assertThat(get("/v1/admin/api-keys", otherAdmin).body().get("items").valueStream()
                .map(item -> item.get("keyId").asString())).doesNotContain(keyId);
    }

    /** An admin of another tenant, as a JWT of the test issuer (keys can only be issued for one's own tenant). */
    private static String issueAdminOf(String tenant) {
        return JWT_ISSUER.token("other-admin", Duration.ofMinutes(5),
                Map.of("tenant", tenant, "roles", java.util.List.of("admin")));
    }
}
