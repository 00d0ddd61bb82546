package io.fieldlink.dashboard;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web dashboard's files over plain HTTP: open without a key and under a strict Content-Security-Policy,
 * deep links served as the page, the version-less WebJar path, and the API still closed. Runs without a browser.
 */
class WebDashboardIT extends DashboardITSupport {

    static final String WEB_OPERATOR_KEY = "it-key-web-operator";
    static final String WEB_VIEWER_KEY = "it-key-web-viewer";

    @Test
    void thePageAndItsAssetsAreOpenAndCarryTheContentSecurityPolicy() {
        HttpResponse<String> page = send("GET", "/", null, Map.of(), null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/main.js\"></script>");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'", "connect-src 'self'", "default-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");

        for (String asset : new String[]{"/index.html", "/app/main.js", "/app/app.css", "/app/i18n/en.json",
                "/app/i18n/ja.json", "/webjars/uplot/dist/uPlot.esm.js", "/webjars/uplot/dist/uPlot.min.css"}) {
            HttpResponse<String> response = send("GET", asset, null, Map.of(), null);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).isNotBlank();
        }
        assertThat(send("GET", "/app/main.js", null, Map.of(), null).headers().firstValue("Content-Type").orElse(""))
                .contains("javascript");
    }

    @Test
    void deepLinksServeThePage() {
        for (String path : new String[]{"/devices/295000000000001", "/alerts", "/alerts/a-1", "/rules"}) {
            HttpResponse<String> response = send("GET", path, null, Map.of(), null);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("/app/main.js");
        }
    }

    @Test
    void theApiStaysClosedAndOnlyReadsAreOpenedForThePage() {
        assertThat(get("/v1/devices", null).status()).isEqualTo(401);
        assertThat(get("/v1/me", null).status()).isEqualTo(401);
        assertThat(get("/v3/api-docs", null).status()).isEqualTo(401);
        assertThat(send("GET", "/anything-else", null, Map.of(), null).statusCode()).isEqualTo(401);
        // the open paths are open for reading only
        assertThat(send("POST", "/app/main.js", null, Map.of(), "x").statusCode()).isEqualTo(401);
        // a wrong key is refused even on an open path: nobody learns that a key "works" there
        assertThat(send("GET", "/", "not-a-key", Map.of(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void meNamesTheKeyItsTenantAndWhetherItMayWrite() {
        Response operator = get("/v1/me", WEB_OPERATOR_KEY);
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.body().get("keyId").asString()).isEqualTo("it-web-operator");
        assertThat(operator.body().get("tenantId").asString()).isEqualTo("OP-ITWEB");
        assertThat(operator.body().get("roles").toString()).contains("operator", "viewer").doesNotContain("admin");
        assertThat(operator.body().get("mayWrite").asBoolean()).isTrue();

        Response viewer = get("/v1/me", WEB_VIEWER_KEY);
        assertThat(viewer.body().get("roles").toString()).contains("viewer").doesNotContain("operator");
        assertThat(viewer.body().get("mayWrite").asBoolean()).isFalse();

        Response admin = get("/v1/me", WRITES_ADMIN_KEY);
        assertThat(admin.body().get("mayWrite").asBoolean()).isTrue();
        assertThat(admin.body().get("roles").toString()).contains("admin", "operator", "viewer");
    }
}
