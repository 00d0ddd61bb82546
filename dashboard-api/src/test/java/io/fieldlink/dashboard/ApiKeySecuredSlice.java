package io.fieldlink.dashboard;

import io.fieldlink.support.security.ApiKeySecurityAutoConfiguration;
import io.fieldlink.support.web.ServiceDefaultsAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For a {@code @WebMvcTest} of dashboard-api: the real security of service-support (API keys, problem details).
 * Boot's security auto-configurations are not part of the MVC slice without spring-boot-security-test, so they are
 * imported here; the test class names its keys with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ImportAutoConfiguration({SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
        SecurityFilterAutoConfiguration.class, ServiceDefaultsAutoConfiguration.class,
        ApiKeySecurityAutoConfiguration.class})
public @interface ApiKeySecuredSlice {
}
