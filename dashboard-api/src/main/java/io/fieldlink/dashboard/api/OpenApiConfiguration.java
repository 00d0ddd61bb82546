package io.fieldlink.dashboard.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI 3.1 description served at {@code /v3/api-docs} (and Swagger UI at {@code /swagger-ui.html}).
 * Both need an API key like every other endpoint; see docs/dashboard-api.md.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Fieldlink dashboard API", version = "v1",
                description = "Devices, newest readings and time-bucketed telemetry of the caller's tenant."),
        security = @SecurityRequirement(name = OpenApiConfiguration.API_KEY))
@SecurityScheme(name = OpenApiConfiguration.API_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "API key of a tenant: Authorization: Bearer <key>")
class OpenApiConfiguration {

    static final String API_KEY = "apiKey";
}
