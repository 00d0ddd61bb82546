package io.fieldlink.support;

import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.security.TenantPrincipal;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** A minimal service using the support module, as a real service would. */
@SpringBootApplication
public class ProbeApplication {

    @RestController
    static class ProbeController {

        @GetMapping("/probe")
        Map<String, String> whoAmI(@AuthenticationPrincipal TenantPrincipal caller) {
            return Map.of("tenant", caller.tenantId(), "key", caller.keyId());
        }

        @GetMapping("/probe/self-authenticated")
        String selfAuthenticated(@org.springframework.web.bind.annotation.RequestHeader(value = "Authorization",
                required = false) String authorization) {
            return authorization == null ? "anonymous" : "token=" + authorization.substring("Bearer ".length());
        }

        @GetMapping("/probe/count")
        Map<String, Integer> count(@RequestParam int n) {
            return Map.of("n", n);
        }

        @PostMapping(value = "/probe/echo", consumes = "application/json")
        Map<String, Object> echo(@RequestBody Map<String, Object> body) {
            return body;
        }

        @GetMapping("/probe/gone")
        void gone() {
            throw ApiProblemException.notFound("device-not-found", "No device 42.").with("deviceId", "42");
        }

        @GetMapping("/probe/boom")
        void boom() {
            throw new IllegalStateException("secret internals");
        }
    }
}
