package io.fieldlink.support.security;

import io.fieldlink.support.ProbeApplication;
import io.fieldlink.testsupport.JwtIssuerNode;
import io.fieldlink.testsupport.ServiceHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAuth2/JWT bearer tokens against a real issuer (JDK HTTP server with OpenID metadata and a JWK set, tokens
 * signed by nimbus-jose-jwt), on a service started as a real one, with an API key beside the tokens.
 */
class JwtBearerIT {

    private static JwtIssuerNode issuer;
    private static ConfigurableApplicationContext service;
    private static ServiceHttp http;

    @BeforeAll
    static void start() {
        issuer = JwtIssuerNode.start();
        service = new SpringApplication(ProbeApplication.class).run("--server.port=0",
                "--spring.kafka.bootstrap-servers=127.0.0.1:1", "--fieldlink.security.key-topic.enabled=false",
                "--fieldlink.security.jwt.issuer-uri=" + issuer.issuer(),
                "--fieldlink.security.jwt.audiences=fieldlink",
                "--fieldlink.security.api-keys[0].id=probe-admin",
                "--fieldlink.security.api-keys[0].tenant=OP0000000001",
                "--fieldlink.security.api-keys[0].sha256=cd4fa85a3415965fe707f9c9f8dfb93bd64660b91c5b0bd8089e6e2aacfe31c1",
                "--fieldlink.security.permit-paths=/probe/self-authenticated");
        http = new ServiceHttp(((WebServerApplicationContext) service).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static Map<String, Object> claims(String tenant) {
        return Map.of("tenant", tenant, "roles", List.of("viewer"), "aud", "fieldlink");
    }

    @Test
    void aValidTokenIsTheTenantOfItsClaim() throws Exception {
        HttpResponse<String> answer = http.get("/probe", issuer.token("alice", Duration.ofMinutes(5), claims("OP-JWT-A")));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"tenant\":\"OP-JWT-A\"").contains("\"key\":\"jwt:alice\"");
    }

    @Test
    void apiKeysKeepWorkingBesideTokens() throws Exception {
        assertThat(http.get("/probe", "probe-key").body()).contains("\"tenant\":\"OP0000000001\"");
        assertRefused(http.get("/probe", "not-the-key"));
    }

    @Test
    void refusesExpiredForeignMisissuedAndTenantlessTokens() throws Exception {
        assertRefused(http.get("/probe", issuer.token("alice", Duration.ofMinutes(-5), claims("OP-JWT-A"))));
        assertRefused(http.get("/probe", issuer.tokenSignedByAnotherKey("alice", claims("OP-JWT-A"))));
        assertRefused(http.get("/probe", issuer.tokenOfIssuer("http://127.0.0.1:1/other", "alice", claims("OP-JWT-A"))));
        assertRefused(http.get("/probe", issuer.token("alice", Duration.ofMinutes(5),
                Map.of("roles", List.of("admin"), "aud", "fieldlink"))));
        assertRefused(http.get("/probe", issuer.token("alice", Duration.ofMinutes(5),
                Map.of("tenant", "OP-JWT-A", "aud", "someone-else"))));
        assertRefused(http.get("/probe", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"));
    }

    @Test
    void leavesSelfAuthenticatedPathsAlone() throws Exception {
        String token = issuer.token("alice", Duration.ofMinutes(-5), claims("OP-JWT-A"));

        HttpResponse<String> answer = http.get("/probe/self-authenticated", token);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("token=" + token);
    }

    private static void assertRefused(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("https://fieldlink.io/problems/unauthorized");
    }
}
