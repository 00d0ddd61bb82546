package io.fieldlink.dashboard.web;

import io.fieldlink.dashboard.ApiKeySecuredSlice;
import io.fieldlink.dashboard.DashboardProperties;
import io.fieldlink.dashboard.access.AccessConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Web slice of the dashboard's shell with the real API-key security and role rules: the open paths, the
 * Content-Security-Policy, the page routes, and {@code GET /v1/me} per role.
 */
@WebMvcTest({CallerController.class, PageRoutesController.class})
@Import({AccessConfiguration.class, WebConfiguration.class, WebAccessTest.Settings.class})
@ApiKeySecuredSlice
@TestPropertySource(properties = {
        "fieldlink.security.api-keys[0].id=web-viewer",
        "fieldlink.security.api-keys[0].sha256=deb35f1abbb342a356ea3bd74d4c9728765f0feb11b353b425e10ae9d1845a36",
        "fieldlink.security.api-keys[0].tenant=OP-A",
        "fieldlink.security.api-keys[0].roles=viewer",
        "fieldlink.security.api-keys[1].id=web-operator",
        "fieldlink.security.api-keys[1].sha256=0b47759fbd15c5e0e33b169e4845214efbdb47495f22f084c27a199af847ff7a",
        "fieldlink.security.api-keys[1].tenant=OP-A",
        "fieldlink.security.api-keys[1].roles=operator",
        // configured without roles: "read", which means viewer
        "fieldlink.security.api-keys[2].id=web-legacy",
        "fieldlink.security.api-keys[2].sha256=28873128051e81582a93e42a58f4012f57aec00ca0efab3e7b44978c6e3bbdb4",
        "fieldlink.security.api-keys[2].tenant=OP-B",
        "fieldlink.dashboard.query.online-within=5m",
})
class WebAccessTest {

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DashboardProperties.class)
    static class Settings {
    }

    @Autowired
    MockMvc mvc;

    @Test
    void pageRoutesAreOpenAndForwardToThePageUnderThePolicy() throws Exception {
        for (String path : new String[]{"/devices/295000000000001", "/alerts", "/alerts/a-1", "/rules"}) {
            mvc.perform(get(path))
                    .andExpect(status().isOk())
                    .andExpect(forwardedUrl("/index.html"))
                    .andExpect(header().string("Content-Security-Policy", WebConfiguration.CONTENT_SECURITY_POLICY))
                    .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                    .andExpect(header().string("Content-Security-Policy", not(containsString("unsafe-inline"))));
        }
    }

    @Test
    void writesOnOpenPathsAndWrongKeysAreStillRefused() throws Exception {
        mvc.perform(post("/alerts")).andExpect(status().isUnauthorized());
        mvc.perform(get("/rules").header(HttpHeaders.AUTHORIZATION, "Bearer wrong")).andExpect(status().isUnauthorized());
    }

    @Test
    void meNeedsAKeyAndCarriesNoPolicyHeader() throws Exception {
        mvc.perform(get("/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")));
        mvc.perform(get("/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer web-viewer"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Content-Security-Policy"));
    }

    @Test
    void meAnswersTheEffectiveRolesAndWhetherTheKeyMayWrite() throws Exception {
        mvc.perform(get("/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer web-operator"))
                .andExpect(jsonPath("$.keyId").value("web-operator"))
                .andExpect(jsonPath("$.tenantId").value("OP-A"))
                .andExpect(jsonPath("$.roles").value(org.hamcrest.Matchers.contains("operator", "viewer")))
                .andExpect(jsonPath("$.mayWrite").value(true))
                .andExpect(jsonPath("$.onlineWithinSeconds").value(300));
        mvc.perform(get("/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer web-viewer"))
                .andExpect(jsonPath("$.roles").value(org.hamcrest.Matchers.contains("viewer")))
                .andExpect(jsonPath("$.mayWrite").value(false));
        mvc.perform(get("/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer web-legacy"))
                .andExpect(jsonPath("$.tenantId").value("OP-B"))
                .andExpect(jsonPath("$.roles").value(org.hamcrest.Matchers.contains("read", "viewer")))
                .andExpect(jsonPath("$.mayWrite").value(false));
    }
}
