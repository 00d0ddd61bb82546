package io.fieldlink.dashboard;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.AlertTrigger;
import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.Severity;
import io.fieldlink.contracts.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web dashboard in a real headless Chromium (Debian's chromium and chromedriver, driven by Selenium) against
 * the whole application on real Kafka and OpenSearch: sign in, the farm overview, a device's chart with projected
 * readings and a live one appended, the sprinkler button (the command reaches the recording command-service with
 * the key and an Idempotency-Key, its status follows live), an alert acknowledged (the recording rules-service
 * receives the ack), the rule list, Japanese, a viewer without write buttons, a wrong key.
 * <p>
 * Without a browser the tests are skipped, never failed: {@code fieldlink.it.chromium} and
 * {@code fieldlink.it.chromedriver} (system properties, default {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}) name the executables; {@code .ci/run} installs them where it can. Screenshots of
 * the overview and the device page go to {@code target/browser-it/}.
 */
class DashboardBrowserIT extends DashboardITSupport {

    private static final String TENANT = "OP-ITWEB";
    private static final String OPERATOR_KEY = WebDashboardIT.WEB_OPERATOR_KEY;
    private static final String VIEWER_KEY = WebDashboardIT.WEB_VIEWER_KEY;
    private static final Path CHROMIUM = Path.of(System.getProperty("fieldlink.it.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("fieldlink.it.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("fieldlink.it.screenshots", "target/browser-it"));
    private static final Duration UI_WAIT = Duration.ofSeconds(30);

    private ChromeDriverService service;
    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: no Chromium at " + CHROMIUM + " or no ChromeDriver at " + CHROMEDRIVER
                        + " (install Debian's chromium and chromium-driver, or set -Dfieldlink.it.chromium and "
                        + "-Dfieldlink.it.chromedriver)");
        profile = Files.createTempDirectory("fieldlink-browser-it");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags this machine's closed network needs (docs: Chromium otherwise keeps calling out)
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, UI_WAIT);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            // the page's own errors (CSP violations included) help most when a wait timed out
            for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
                System.out.println("browser: " + entry.getLevel() + " " + entry.getMessage());
            }
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void anOperatorSeesTheFarmChartsADeviceSwitchesTheSprinklerAndAcknowledgesAnAlert() throws Exception {
        String device = unique("web-dev");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 10; i >= 1; i--) {
            send(reading(TENANT, device, unique("web-msg"), now.minus(5L * i, ChronoUnit.MINUTES),
                    Map.of("temperature", 20.0 + i, "humidity", 60.0), Map.of()));
        }
        String alertId = unique("web-alert");
        publish(Topics.ALERTS.name(), device, alert(device, alertId, now.minus(2, ChronoUnit.MINUTES)));
        // all ten projected (the newest one, 21 °C, is the device's latest), and the alert; the overview reads the
        // device list, a search, which sees the newest document only after the index's refresh
        eventually().until(() -> {
            Response latest = get("/v1/devices/" + device + "/latest", OPERATOR_KEY);
            return latest.status() == 200 && latest.body().get("measurements").get("temperature").asDouble() == 21.0
                    && listedTemperature(device) == 21.0
                    && countReadingsOf(device) == 10 && get("/v1/alerts/" + alertId, OPERATOR_KEY).status() == 200;
        });

        // sign in
        browser.get(baseUrl() + "/");
        signIn(OPERATOR_KEY);

        // overview: the device's tile with its newest temperature and the open alert
        wait.until(ExpectedConditions.visibilityOfElementLocated(tileOf(device)));
        wait.until(d -> d.findElement(tileOf(device)).getText().contains("1 open"));
        WebElement tile = browser.findElement(tileOf(device));
        assertThat(tile.findElement(By.cssSelector("dd[data-metric='temperature']")).getText()).isEqualTo("21");
        assertThat(tile.getText()).contains("online");
        screenshot("overview.png");

        // device page: a chart with the projected readings
        browser.findElement(tileOf(device)).click();
        wait.until(d -> pointsOnChart() >= 10);
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        assertThat(browser.getCurrentUrl()).endsWith("/devices/" + device);
        int before = pointsOnChart();
        // a new reading arrives over the live stream and is appended to the chart and the latest values
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
        send(reading(TENANT, device, unique("web-msg"), Instant.now(), Map.of("temperature", 33.5, "humidity", 61.0),
                Map.of()));
        wait.until(d -> pointsOnChart() == before + 1);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#latest-values dd[data-metric='temperature']"), "33.5"));
        // another range reloads the series
        browser.findElement(By.cssSelector("#range button[data-range='1h']")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#range button[data-range='1h']"), "aria-pressed", "true"));
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-range", "1h"));
        assertThat(browser.findElement(By.id("chart-info")).getText()).contains("15s");
        assertThat(pointsOnChart()).isGreaterThanOrEqualTo(10);
        screenshot("device.png");

        // sprinkler on: forwarded to command-service with the key and an Idempotency-Key
        String commandId = unique("web-cmd");
        UPSTREAM.start();
        UPSTREAM.clear();
        UPSTREAM.answer(202, Map.of("Content-Type", "application/json", "Location", "/v1/commands/" + commandId),
                "{\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + device + "\",\"name\":\"sprinkler\","
                        + "\"parameters\":{\"state\":\"on\"},\"status\":\"queued\",\"sequence\":1}");
        browser.findElement(By.id("sprinkler-on")).click();
        RecordingUpstream.Received command = receivedMatching(r -> r.method().equals("POST")
                && r.path().equals("/v1/devices/" + device + "/commands"));
        assertThat(command.header("Authorization")).isEqualTo("Bearer " + OPERATOR_KEY);
        assertThat(command.header("Idempotency-Key")).isNotBlank();
        assertThat(JSON.readTree(command.body()).toString()).isEqualTo("{\"name\":\"sprinkler\",\"parameters\":{\"state\":\"on\"}}");
        wait.until(ExpectedConditions.attributeToBe(By.id("command-status"), "data-status", "queued"));
        // its later status arrives over the live stream
        publish(Topics.COMMAND_STATUS.name(), device, commandStatus(device, commandId, now));
        wait.until(ExpectedConditions.attributeToBe(By.id("command-status"), "data-status", "executed"));
        assertThat(browser.findElement(By.id("command-status")).getText()).contains("executed");

        // alerts: the open alert, acknowledged through rules-service with the key
        browser.findElement(By.id("nav-alerts")).click();
        By ack = By.cssSelector("tr[data-alert-id='" + alertId + "'] button.ack");
        wait.until(ExpectedConditions.elementToBeClickable(ack));
        UPSTREAM.clear();
        UPSTREAM.answer(202, Map.of("Content-Type", "application/json"), "{\"alertId\":\"" + alertId + "\"}");
        browser.findElement(ack).click();
        RecordingUpstream.Received acknowledgement = receivedMatching(r -> r.method().equals("POST")
                && r.path().equals("/v1/alerts/" + alertId + "/ack"));
        assertThat(acknowledgement.header("Authorization")).isEqualTo("Bearer " + OPERATOR_KEY);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("acked-" + alertId)));

        // rules, read through to rules-service
        UPSTREAM.answer(200, Map.of("Content-Type", "application/json"), "{\"items\":[{\"ruleId\":\"farm-heat\","
                + "\"name\":\"Field too hot\",\"severity\":\"major\",\"enabled\":true,"
                + "\"condition\":{\"measurement\":\"temperature\",\"above\":35}}]}");
        browser.findElement(By.id("nav-rules")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-rule-id='farm-heat']"), "Field too hot"));

        // Japanese, remembered across a reload
        new Select(browser.findElement(By.id("lang"))).selectByValue("ja");
        wait.until(ExpectedConditions.textToBe(By.id("nav-alerts"), "アラート"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("ルール");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("nav-overview"), "圃場"));

        // sign out: back to the sign-in form, and the key is gone
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(((ChromeDriver) browser).executeScript("return sessionStorage.getItem('fieldlink.apiKey')")).isNull();
    }

    @Test
    void aViewerSeesTheFarmButNoWriteButtons() {
        String device = unique("web-view");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        send(reading(TENANT, device, unique("web-msg"), now.minus(1, ChronoUnit.MINUTES), Map.of("temperature", 18.0),
                Map.of()));
        String alertId = unique("web-alert");
        publish(Topics.ALERTS.name(), device, alert(device, alertId, now));
        eventually().until(() -> get("/v1/alerts/" + alertId, VIEWER_KEY).status() == 200);
        // the reading searchable before the page loads its chart (as in the first test): a reading projected after
        // the chart's query but before the page's live stream connected would reach neither
        eventually().until(() -> countReadingsOf(device) == 1);

        browser.get(baseUrl() + "/devices/" + device);
        signIn(VIEWER_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sprinkler-viewer")));
        assertThat(browser.findElements(By.id("sprinkler-on"))).isEmpty();
        wait.until(d -> pointsOnChart() >= 1);

        browser.findElement(By.id("nav-alerts")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-alert-id='" + alertId + "']")));
        assertThat(browser.findElements(By.cssSelector("button.ack"))).isEmpty();
        // the link of alert emails (<dashboard-url>/alerts/{alertId}): that alert first, highlighted
        browser.get(baseUrl() + "/alerts/" + alertId);
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alert-focus tr.focused[data-alert-id='" + alertId + "']")));
        assertThat(browser.findElement(By.id("nav-alerts")).getAttribute("class")).contains("active");
        browser.get(baseUrl() + "/alerts/no-such-alert");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert-focus-missing"), "no-such-alert"));
    }

    /**
     * A reading that arrives over the live stream while the device page's series is loading: the page keeps it and
     * appends it once the chart is drawn (before, the chart dropped it until a reload). The series answer is held in
     * the browser until the reading arrived, so the query certainly ran without it.
     */
    @Test
    void aReadingThatArrivesWhileTheChartLoadsIsAppendedOnceItIsDrawn() throws Exception {
        String device = unique("web-race");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        send(reading(TENANT, device, unique("web-msg"), now.minus(10, ChronoUnit.MINUTES), Map.of("temperature", 18.0),
                Map.of()));
        eventually().until(() -> countReadingsOf(device) == 1 && listedTemperature(device) == 18.0);
        browser.get(baseUrl() + "/");
        signIn(OPERATOR_KEY);
        wait.until(ExpectedConditions.visibilityOfElementLocated(tileOf(device)));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
        // series answers wait in the page until released (the request itself goes out at once)
        ((ChromeDriver) browser).executeScript("""
                const original = window.fetch;
                window.heldSeries = [];
                window.fetch = (input, init) => {
                  const answer = original(input, init);
                  if (!String(input).includes('/series?')) return answer;
                  return new Promise((resolve, reject) => window.heldSeries.push(() => answer.then(resolve, reject)));
                };""");

        browser.findElement(tileOf(device)).click();
        wait.until(d -> ((Number) ((ChromeDriver) d).executeScript("return window.heldSeries.length")).intValue() == 1);
        send(reading(TENANT, device, unique("web-msg"), Instant.now(), Map.of("temperature", 27.5), Map.of()));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#latest-values dd[data-metric='temperature']"), "27.5"));
        assertThat(pointsOnChart()).isZero();

        ((ChromeDriver) browser).executeScript("window.heldSeries.splice(0).forEach((release) => release())");
        // the loaded bucket (18) and the live reading; the latest values' reading is not added twice
        wait.until(d -> pointsOnChart() == 2);
    }

    @Test
    void aWrongKeyIsRefusedWithAMessage() {
        browser.get(baseUrl() + "/");
        signIn("not-a-key");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not accepted"));
        assertThat(browser.findElements(By.id("tiles"))).isEmpty();
    }

    /** Reading documents of the device (after a refresh): the chart's series reads them. */
    private long countReadingsOf(String device) throws IOException {
        openSearch.indices().refresh(r -> r.index("fieldlink-telemetry-*"));
        return openSearch.count(c -> c.index("fieldlink-telemetry-*")
                .query(q -> q.term(t -> t.field("deviceId").value(v -> v.stringValue(device))))).count();
    }

    private void signIn(String key) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        input.sendKeys(key);
        browser.findElement(By.id("signin-submit")).click();
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private static By tileOf(String device) {
        return By.cssSelector("a.tile[data-device-id='" + device + "']");
    }

    /** Non-empty points the chart holds (the page writes the count on the chart element). */
    private int pointsOnChart() {
        String points = browser.findElement(By.id("chart")).getAttribute("data-points");
        return points == null || points.isEmpty() ? 0 : Integer.parseInt(points);
    }

    /** The first request the recording upstream receives that matches; others (a rule list read) are skipped. */
    private static RecordingUpstream.Received receivedMatching(Predicate<RecordingUpstream.Received> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(UI_WAIT);
        while (Instant.now().isBefore(deadline)) {
            RecordingUpstream.Received next = UPSTREAM.next();
            if (wanted.test(next)) {
                return next;
            }
        }
        throw new AssertionError("the upstream did not receive the expected request");
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AlertEvent alert(String device, String alertId, Instant raisedAt) {
        AlertTrigger trigger = new AlertTrigger("temperature", 36.5, "temperature > 35.0 for PT1M", 35.0, null, null,
                null, raisedAt, "web-msg-trigger", raisedAt);
        return new AlertEvent(alertId + ":1", AlertEventType.RAISED, alertId, 1, AlertStatus.OPEN, TENANT, device,
                "farm-heat", "Field too hot", Severity.MAJOR, raisedAt, raisedAt, trigger, null, null, null, null);
    }

    private static CommandStatusChanged commandStatus(String device, String commandId, Instant requestedAt) {
        return new CommandStatusChanged(commandId, TENANT, device, "sprinkler", Map.of("state", "on"),
                CommandTransport.MQTT, CommandStatus.EXECUTED, 1, 4, null, Map.of("valve", "open"), requestedAt,
                requestedAt.plusSeconds(600), Instant.now(), "api");
    }

    /** The device's temperature as the device list (what the overview shows) has it, NaN when not listed. */
    private double listedTemperature(String device) {
        for (tools.jackson.databind.JsonNode item : get("/v1/devices?q=" + device, OPERATOR_KEY).body().path("items")) {
            if (device.equals(item.path("deviceId").asString())) {
                return item.path("measurements").path("temperature").asDouble(Double.NaN);
            }
        }
        return Double.NaN;
    }
}
