package io.fieldlink.command.lwm2m;

import io.fieldlink.command.CommandProperties;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tenant of an LwM2M endpoint: the one configured for it, else the one the device registry knows it by (a device
 * seen in telemetry before), else {@code default-tenant}. An endpoint without a tenant is refused at registration:
 * its data would belong to no one.
 */
final class EndpointTenants {

    private final Map<String, String> configured = new HashMap<>();
    private final Function<String, Optional<String>> registry;
    private final String defaultTenant;

    EndpointTenants(CommandProperties.Lwm2m settings, Function<String, Optional<String>> registry) {
        for (CommandProperties.Lwm2mClient client : settings.clients()) {
            if (!client.tenant().isEmpty()) {
                configured.put(client.endpoint(), client.tenant());
            }
        }
        this.registry = registry;
        this.defaultTenant = settings.defaultTenant();
    }

    Optional<String> tenantOf(String endpoint) {
        String tenant = configured.get(endpoint);
        if (tenant != null) {
            return Optional.of(tenant);
        }
        Optional<String> known = registry.apply(endpoint);
        if (known.isPresent()) {
            return known;
        }
        return defaultTenant.isEmpty() ? Optional.empty() : Optional.of(defaultTenant);
    }
}
