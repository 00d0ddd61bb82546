package io.fieldlink.rules.api;

import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.alerts.AlertBook;
import io.fieldlink.rules.definition.RuleCatalog;
import io.fieldlink.support.security.ApiKeySecurityAutoConfiguration;
import io.fieldlink.support.web.ServiceDefaultsAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a rules API slice test adds to {@code @WebMvcTest}: the real security chain and problem handling of
 * service-support, the API's own logic ({@link RulesApiConfiguration}), a fixed clock, a webhook address check
 * that refuses one host, API keys of two tenants, and mocks of the ports (catalog, alert book, publishers).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ImportAutoConfiguration({ServiceDefaultsAutoConfiguration.class, ApiKeySecurityAutoConfiguration.class,
        SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
@Import({RulesApiConfiguration.class, RulesApiSlice.Beans.class})
// our own ports; tests take them with @Autowired (Kafka and the Streams stores are covered by ITs)
@MockitoBean(types = {RuleCatalog.class, RulePublisher.class, AlertBook.class, AlertAckPublisher.class})
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=slice-a",
        // printf %s slice-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=178ab329a6eb245d6509ffd8eee52c5afd9cfd0141b12423f4922071fbd427db",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.security.api-keys[1].id=slice-b",
        // printf %s slice-key-b | sha256sum
        "fieldlink.security.api-keys[1].sha256=cc656726b0d4ef24f32d680d97b4c92e7ef411e51dbfe1988afe4b571ead7cc2",
        "fieldlink.security.api-keys[1].tenant=OP-B",
        "fieldlink.rules.limits.max-rules-per-tenant=3",
        "fieldlink.rules.limits.write-visible-timeout=300ms"})
@interface RulesApiSlice {

    String KEY_A = "slice-key-a";
    String KEY_B = "slice-key-b";
    Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    String REFUSED_HOST = "internal.example";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RulesProperties.class)
    class Beans {

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        Function<URI, Optional<String>> refusingWebhookAddressCheck() {
            return uri -> REFUSED_HOST.equals(uri.getHost()) ? Optional.of("must not point at a private address")
                    : Optional.empty();
        }
    }
}
