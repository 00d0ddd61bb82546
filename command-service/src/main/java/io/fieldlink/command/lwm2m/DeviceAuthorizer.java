package io.fieldlink.command.lwm2m;

import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.DefaultAuthorizer;
import org.eclipse.leshan.server.security.SecurityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Who may register, on top of Leshan's check that an endpoint uses the security the store gives it (an endpoint with
 * a PSK must register over DTLS with that identity): an endpoint needs a tenant ({@link EndpointTenants}), and one
 * without a key may use plain CoAP only where {@code allow-plain-coap} is set. The tenant travels with the
 * registration as its application data.
 */
final class DeviceAuthorizer implements Authorizer {

    static final String TENANT = "tenant";
    private static final Logger log = LoggerFactory.getLogger(DeviceAuthorizer.class);

    private final DefaultAuthorizer securityCheck;
    private final SecurityStore store;
    private final EndpointTenants tenants;
    private final boolean allowPlainCoap;
    private final Lwm2mMetrics metrics;

    DeviceAuthorizer(SecurityStore store, EndpointTenants tenants, boolean allowPlainCoap, Lwm2mMetrics metrics) {
        this.securityCheck = new DefaultAuthorizer(store);
        this.store = store;
        this.tenants = tenants;
        this.allowPlainCoap = allowPlainCoap;
        this.metrics = metrics;
    }

    @Override
    public Authorization isAuthorized(UplinkRequest<?> request, Registration registration, LwM2mPeer sender) {
        Authorization checked = securityCheck.isAuthorized(request, registration, sender);
        String endpoint = registration.getEndpoint();
        if (checked.isDeclined()) {
            return refused(endpoint, "its security does not match its key (PSK identity and key, or DTLS at all)");
        }
        if (!(request instanceof RegisterRequest)) {
            // updates, de-registrations, sends: the registration already passed; keep its tenant
            return Authorization.approved(registration.getApplicationData());
        }
        if (store.getByEndpoint(endpoint) == null && !allowPlainCoap) {
            return refused(endpoint, "it has no PSK and plain CoAP is not allowed (fieldlink.commands.lwm2m.allow-plain-coap)");
        }
        Optional<String> tenant = tenants.tenantOf(endpoint);
        if (tenant.isEmpty()) {
            return refused(endpoint, "no tenant: not configured, not in the registry, no default-tenant");
        }
        return Authorization.approved(Map.of(TENANT, tenant.get()));
    }

    private Authorization refused(String endpoint, String why) {
        metrics.registrationRefused();
        log.info("LwM2M registration of endpoint {} refused: {}", endpoint, why);
        return Authorization.declined();
    }

    /** The tenant of an authorised registration. */
    static String tenantOf(Registration registration) {
        return registration.getApplicationData().get(TENANT);
    }
}
