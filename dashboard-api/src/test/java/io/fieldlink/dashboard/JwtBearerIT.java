package io.fieldlink.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAuth2/JWT bearer tokens of a real issuer (test-support's {@code JwtIssuerNode}: OpenID metadata and a JWK set
 * over HTTP) on the whole application: a token sees its tenant's data and nothing of another tenant's; its roles
 * are the keys' roles; expired, foreign, mis-issued and tenantless tokens are 401.
 */
class JwtBearerIT extends DashboardITSupport {

    private static final String TENANT_A = "OP-ITJWTA";
    private static final String TENANT_B = "OP-ITJWTB";

    private static String token(String tenant, String... roles) {
        return JWT_ISSUER.token("farmer", Duration.ofMinutes(5), Map.of("tenant", tenant, "roles", List.of(roles)));
    }

    @Test
    void aTokenReadsItsTenantsDataOnly() {
        String device = unique("jwt-dev");
        send(reading(TENANT_A, device, unique("jwt-msg"), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Map.of("temperature", 21.0), Map.of()));

        eventually().until(() -> get("/v1/devices/" + device + "/latest", token(TENANT_A, "viewer")).status() == 200);
        Response latest = get("/v1/devices/" + device + "/latest", token(TENANT_A, "viewer"));
        assertThat(latest.body().get("measurements").get("temperature").asDouble()).isEqualTo(21.0);

        Response other = get("/v1/devices/" + device + "/latest", token(TENANT_B, "viewer"));
        assertThat(other.status()).isEqualTo(404);
        assertThat(get("/v1/devices", token(TENANT_B, "viewer")).body().get("items").valueStream()
                .map(item -> item.get("deviceId").asString())).doesNotContain(device);
    }

    @Test
    void theTokensRolesAreEnforced() {
        assertThat(get("/v1/admin/api-keys", token(TENANT_A, "viewer")).status()).isEqualTo(403);
        assertThat(get("/v1/admin/api-keys", token(TENANT_A, "admin")).status()).isEqualTo(200);
        assertThat(get("/v1/devices", token(TENANT_A)).status()).isEqualTo(403);
    }

    @Test
    void refusesBadTokensWithProblem401() {
        Map<String, Object> claims = Map.of("tenant", TENANT_A, "roles", List.of("viewer"));
        for (String bad : List.of(
                JWT_ISSUER.token("farmer", Duration.ofMinutes(-5), claims),
                JWT_ISSUER.tokenSignedByAnotherKey("farmer", claims),
                JWT_ISSUER.tokenOfIssuer("http://127.0.0.1:1/elsewhere", "farmer", claims),
                JWT_ISSUER.token("farmer", Duration.ofMinutes(5), Map.of("roles", List.of("admin"))))) {
            Response answer = get("/v1/devices", bad);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().get("type").asString()).isEqualTo("https://fieldlink.io/problems/unauthorized");
        }
    }
}
