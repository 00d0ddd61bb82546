package io.fieldlink.support.security;

import io.fieldlink.support.ProbeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The production profile refuses to start a service without API keys; other profiles start (and answer 401). */
class ProductionCredentialsTest {

    private static ConfigurableApplicationContext start(String... args) {
        SpringApplication application = new SpringApplication(ProbeApplication.class);
        return application.run(args);
    }

    @Test
    void productionWithoutKeysDoesNotStart() {
        assertThatThrownBy(() -> start("--server.port=0", "--spring.profiles.active=production",
                "--spring.kafka.bootstrap-servers=127.0.0.1:1"))
                .rootCause().hasMessageContaining("profile 'production' needs credentials")
                .hasMessageContaining("fieldlink.security.api-keys")
                .hasMessageContaining("fieldlink.security.jwt.issuer-uri");
    }

    @Test
    void productionWithAJwtIssuerAndNoKeysStarts() {
        // the issuer is not contacted at start-up: its keys are fetched at the first token
        try (ConfigurableApplicationContext context = start("--server.port=0", "--spring.profiles.active=production",
                "--spring.kafka.bootstrap-servers=127.0.0.1:1", "--fieldlink.security.key-topic.enabled=false",
                "--fieldlink.security.jwt.issuer-uri=http://127.0.0.1:1/realms/fieldlink")) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void productionWithAKeyStartsAndOtherProfilesStartWithout() {
        try (ConfigurableApplicationContext context = start("--server.port=0", "--spring.profiles.active=production",
                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                "--fieldlink.security.api-keys[0].id=prod", "--fieldlink.security.api-keys[0].tenant=OP0000000001",
                "--fieldlink.security.api-keys[0].sha256=cd4fa85a3415965fe707f9c9f8dfb93bd64660b91c5b0bd8089e6e2aacfe31c1")) {
            assertThat(context.isRunning()).isTrue();
        }
        try (ConfigurableApplicationContext context = start("--server.port=0",
                "--spring.kafka.bootstrap-servers=127.0.0.1:1")) {
            assertThat(context.isRunning()).isTrue();
        }
    }
}
