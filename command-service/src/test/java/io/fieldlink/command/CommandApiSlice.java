package io.fieldlink.command;

import io.fieldlink.support.security.ApiKeySecurityAutoConfiguration;
import io.fieldlink.support.web.ServiceDefaultsAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * What every command-service API slice test adds to {@code @WebMvcTest}: the real security chain and problem
 * handling of service-support and API keys of two tenants ({@link #KEY_A} of OP-A, {@link #KEY_B} of OP-B). A test
 * adds its own beans and, with its own {@code @TestPropertySource}, its feature's settings (merged with these).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ImportAutoConfiguration({ServiceDefaultsAutoConfiguration.class, ApiKeySecurityAutoConfiguration.class,
        SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=slice-a",
        // printf %s slice-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=178ab329a6eb245d6509ffd8eee52c5afd9cfd0141b12423f4922071fbd427db",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.security.api-keys[1].id=slice-b",
        // printf %s slice-key-b | sha256sum
        "fieldlink.security.api-keys[1].sha256=cc656726b0d4ef24f32d680d97b4c92e7ef411e51dbfe1988afe4b571ead7cc2",
        "fieldlink.security.api-keys[1].tenant=OP-B"})
public @interface CommandApiSlice {

    String KEY_A = "slice-key-a";
    String KEY_B = "slice-key-b";
    /** The fixed clock's time in the slice tests. */
    Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
}
