package io.fieldlink.dashboard;

import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.AlertEventType;
import io.fieldlink.contracts.AlertStatus;
import io.fieldlink.contracts.CommandStatus;
import io.fieldlink.contracts.CommandStatusChanged;
import io.fieldlink.contracts.CommandTransport;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.Severity;
import io.fieldlink.contracts.Topics;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's "tenant A can never see or command tenant B's devices, for every endpoint", as one table: tenant A has
 * a device with readings, an alert, a command and an issued API key (real Kafka topics, real OpenSearch); every
 * endpoint is called with tenant B's key on A's ids. B must get the status it gets for ids that exist nowhere, with
 * the same body apart from the ids it sent itself, and never one of A's ids it did not send. With A's key the same
 * reads return A's data, so the table cannot pass because the ids are wrong. A new endpoint is one more row in
 * {@link #endpoints()} (or {@link #forwarded()} for what goes to an owner).
 */
class TenantIsolationIT extends DashboardITSupport {

    private static final String TENANT_A = "OP-ITTENA";
    private static final String TENANT_B = "OP-ITTENB";
    private static final String PROBLEMS = "https://fieldlink.io/problems/";
    /** Tenant A's device carries this tag (from a registry profile); B searching for it must find nothing. */
    private static final String TAG = "tenancy-greenhouse";
    /** Within raw retention, so /v1/series reads the raw readings. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    /** The ids a request may name; {@code {name}} placeholders in the tables are filled from them. */
    record Ids(String tenant, String device, String message, String alert, String command, String key) {

        static Ids nobodys() {
            return new Ids("OP-NOBODY", unique("ten-dev"), unique("ten-msg"), unique("ten-alert"), unique("ten-cmd"),
                    unique("ten-key"));
        }

        String fill(String template) {
            return template.replace("{device}", device).replace("{alert}", alert).replace("{command}", command)
                    .replace("{key}", key).replace("{message}", message).replace("{tenant}", tenant)
                    .replace("{from}", T0.toString()).replace("{to}", T0.plus(1, ChronoUnit.HOURS).toString());
        }

        List<String> all() {
            return List.of(tenant, device, message, alert, command, key);
        }

        /** The body with each of these ids replaced by its placeholder name, so two tenants' answers compare. */
        String anonymise(String body) {
            return body.replace(device, "{device}").replace(alert, "{alert}").replace(command, "{command}")
                    .replace(key, "{key}").replace(message, "{message}").replace(tenant, "{tenant}");
        }
    }

    /**
     * One endpoint: what tenant B gets when it names A's ids ({@code foreignProblem} is the problem type of a 404),
     * and what A itself finds in the answer ({@code ownerSees}, filled from A's ids; null for a write).
     */
    record Endpoint(String method, String path, int foreignStatus, String foreignProblem, String ownerSees) {

        static Endpoint read(String path, int foreignStatus, String foreignProblem, String ownerSees) {
            return new Endpoint("GET", path, foreignStatus, foreignProblem, ownerSees);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                Endpoint.read("/v1/devices", 200, null, "{device}"),
                Endpoint.read("/v1/devices?page=0&size=500", 200, null, "{device}"),
                Endpoint.read("/v1/devices?tag=" + TAG, 200, null, "{device}"),
                Endpoint.read("/v1/devices?tag=" + TAG + "&state=offline&q={device}", 200, null, "{device}"),
                Endpoint.read("/v1/devices?q={device}", 200, null, "{device}"),
                Endpoint.read("/v1/devices?q=Tenancy%20hut", 200, null, "{device}"),
                Endpoint.read("/v1/devices/{device}", 404, "device-not-found", "{message}"),
                Endpoint.read("/v1/devices/{device}/latest", 404, "device-not-found", "{message}"),
                Endpoint.read("/v1/devices/{device}/series?metric=temperature&from={from}&to={to}&interval=1h",
                        404, "device-not-found", "\"value\":21.5"),
                Endpoint.read("/v1/devices/{device}/series?metric=temperature&agg=p95&from={from}&to={to}",
                        404, "device-not-found", "{device}"),
                Endpoint.read("/v1/series?deviceId={device}&metric=temperature&from={from}&to={to}&interval=1h",
                        200, null, "\"value\":21.5"),
                Endpoint.read("/v1/series?deviceId={device}&metric=temperature&agg=max&agg=p95&from={from}&to={to}",
                        200, null, "{device}"),
                Endpoint.read("/v1/alerts", 200, null, "{alert}"),
                Endpoint.read("/v1/alerts?deviceId={device}", 200, null, "{alert}"),
                Endpoint.read("/v1/alerts?state=open&severity=major", 200, null, "{alert}"),
                Endpoint.read("/v1/alerts/{alert}", 404, "alert-not-found", "{device}"),
                Endpoint.read("/v1/devices/{device}/commands", 404, "device-not-found", "{command}"),
                Endpoint.read("/v1/commands/{command}", 404, "command-not-found", "{device}"),
                Endpoint.read("/v1/admin/api-keys", 200, null, "{key}"),
                Endpoint.read("/v1/me", 200, null, "{tenant}"),
                new Endpoint("DELETE", "/v1/admin/api-keys/{key}", 404, "api-key-not-found", null));
    }

    /** What dashboard-api forwards to the owners (command-service, rules-service): they scope by the key. */
    record Forwarded(String method, String path, String body) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Forwarded> forwarded() {
        return Stream.of(
                new Forwarded("POST", "/v1/devices/{device}/commands", "{\"name\":\"sprinkler\",\"parameters\":{\"state\":\"on\"}}"),
                new Forwarded("POST", "/v1/alerts/{alert}/ack", "{\"note\":\"not mine\"}"),
                new Forwarded("GET", "/v1/rules", null),
                new Forwarded("GET", "/v1/rules/{alert}", null),
                new Forwarded("POST", "/v1/rules", "{\"name\":\"x\"}"),
                new Forwarded("PUT", "/v1/rules/{alert}", "{\"name\":\"x\"}"),
                new Forwarded("DELETE", "/v1/rules/{alert}", null));
    }

    private static Ids tenantA;
    private static final Ids NOBODY = Ids.nobodys();

    /** Tenant A's device, reading, alert, command and issued key, once for the class; B gets a device of its own. */
    @BeforeEach
    void seedTenantA() {
        if (tenantA != null) {
            return;
        }
        String device = unique("ten-a-dev");
        String message = unique("ten-a-msg");
        String alert = unique("ten-a-alert");
        String command = unique("ten-a-cmd");
        send(reading(TENANT_A, device, message, T0.plusSeconds(300), Map.of("temperature", 21.5), Map.of("fw", "1.0")));
        send(reading(TENANT_B, unique("ten-b-dev"), unique("ten-b-msg"), T0.plusSeconds(300),
                Map.of("temperature", 30.0), Map.of()));
        publish(Topics.DEVICES.name(), device, new DeviceProfileChanged(TENANT_A, device, Set.of(TAG), T0, null, null,
                null, null, "Tenancy hut", null, null, 1L));
        publish(Topics.ALERTS.name(), device, alert(TENANT_A, device, alert));
        publish(Topics.COMMAND_STATUS.name(), device, command(TENANT_A, device, command));
        HttpResponse<String> issued = post("/v1/admin/api-keys", TENANCY_A_KEY,
                Map.of("Content-Type", "application/json"), "{\"name\":\"tenancy display\",\"roles\":[\"viewer\"]}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String key = JSON.readTree(issued.body()).get("keyId").asString();

        // the gets read documents at once; the lists are searches, visible only after the index's refresh
        eventually().until(() -> get("/v1/devices/" + device + "/latest", TENANCY_A_KEY).status() == 200
                && String.valueOf(get("/v1/devices?page=0&size=500", TENANCY_A_KEY).body()).contains(device)
                && String.valueOf(get("/v1/alerts", TENANCY_A_KEY).body()).contains(alert)
                && get("/v1/devices?tag=" + TAG, TENANCY_A_KEY).body().toString().contains(device)
                && get("/v1/alerts/" + alert, TENANCY_A_KEY).status() == 200
                && get("/v1/commands/" + command, TENANCY_A_KEY).status() == 200);
        tenantA = new Ids(TENANT_A, device, message, alert, command, key);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void tenantBLearnsNothingOfTenantAs(Endpoint endpoint) {
        String path = tenantA.fill(endpoint.path());
        HttpResponse<String> foreign = send(endpoint.method(), path, TENANCY_B_KEY, Map.of(), null);

        assertThat(foreign.statusCode()).as(path + ": " + foreign.body()).isEqualTo(endpoint.foreignStatus());
        if (endpoint.foreignProblem() != null) {
            assertThat(foreign.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(foreign.body()).get("type").asString())
                    .isEqualTo(PROBLEMS + endpoint.foreignProblem());
        }
        // none of A's ids that B did not send itself (a 404 names the id it was asked for, nothing more)
        for (String id : tenantA.all()) {
            if (!path.contains(id)) {
                assertThat(foreign.body()).as(path).doesNotContain(id);
            }
        }
        // and the answer is the one for ids that exist nowhere: B cannot even tell that A's ids exist. Both are asked
        // again until they agree, because B's own data may still be arriving (the live test publishes B readings);
        // a leak of A's data would keep them apart
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> again = send(endpoint.method(), path, TENANCY_B_KEY, Map.of(), null);
            HttpResponse<String> unknown = send(endpoint.method(), NOBODY.fill(endpoint.path()), TENANCY_B_KEY,
                    Map.of(), null);
            assertThat(unknown.statusCode()).as(path).isEqualTo(again.statusCode());
            assertThat(json(tenantA.anonymise(again.body()))).as(path)
                    .isEqualTo(json(NOBODY.anonymise(unknown.body())));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void tenantAReadsItsOwnDataOnTheSameEndpoints(Endpoint endpoint) {
        if (endpoint.ownerSees() == null) {
            return; // a write: A revoking its own key is ApiKeysIT's
        }
        String path = tenantA.fill(endpoint.path());
        HttpResponse<String> own = send(endpoint.method(), path, TENANCY_A_KEY, Map.of(), null);

        assertThat(own.statusCode()).as(path + ": " + own.body()).isEqualTo(200);
        assertThat(own.body()).as(path).contains(tenantA.fill(endpoint.ownerSees()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwarded")
    void forwardedCallsCarryTheCallersOwnKeySoTheOwnerScopesThemToB(Forwarded call) throws Exception {
        UPSTREAM.start();
        UPSTREAM.clear();
        String notFound = "{\"type\":\"" + PROBLEMS + "device-not-found\",\"status\":404}";
        UPSTREAM.answer(404, Map.of("Content-Type", "application/problem+json"), notFound);
        String path = tenantA.fill(call.path());

        HttpResponse<String> answer = send(call.method(), path, TENANCY_B_KEY,
                call.body() == null ? Map.of() : Map.of("Content-Type", "application/json"), call.body());

        RecordingUpstream.Received received = UPSTREAM.next();
        assertThat(received.method()).isEqualTo(call.method());
        assertThat(received.path()).isEqualTo(path);
        // B's own key, unchanged: the owner authenticates it and answers for tenant B (no service credential,
        // no tenant header that could name A)
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + TENANCY_B_KEY);
        assertThat(received.headers().keySet()).noneMatch(name -> name.toLowerCase().contains("tenant"));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo(notFound);
    }

    @Test
    void noneOfTenantAsLiveEventsReachTenantBsStreams() throws Exception {
        List<EventStreamClient> streams = new ArrayList<>();
        try {
            EventStreamClient streamA = open(streams, "", TENANCY_A_KEY);
            EventStreamClient streamB = open(streams, "", TENANCY_B_KEY);
            EventStreamClient streamBOnAsDevice = open(streams, "?deviceId=" + tenantA.device(), TENANCY_B_KEY);
            // one live consumer serves every stream: once both probes arrived, all three streams are live
            awaitLiveStream(streamA, TENANT_A);
            awaitLiveStream(streamB, TENANT_B);

            String markerDevice = unique("ten-b-marker");
            String key = unique("ten-live-key"); // one key: per topic one partition, so B's markers come after A's
            publish(Topics.TELEMETRY.name(), key, reading(TENANT_A, tenantA.device(), unique("ten-a-live"),
                    T0.plusSeconds(600), Map.of("temperature", 22.0), Map.of()));
            publish(Topics.ALERTS.name(), key, alert(TENANT_A, tenantA.device(), unique("ten-a-live-alert")));
            publish(Topics.COMMAND_STATUS.name(), key, command(TENANT_A, tenantA.device(), unique("ten-a-live-cmd")));
            publish(Topics.TELEMETRY.name(), key, reading(TENANT_B, markerDevice, unique("ten-b-live"),
                    T0.plusSeconds(600), Map.of("temperature", 22.0), Map.of()));
            publish(Topics.ALERTS.name(), key, alert(TENANT_B, markerDevice, unique("ten-b-live-alert")));
            publish(Topics.COMMAND_STATUS.name(), key, command(TENANT_B, markerDevice, unique("ten-b-live-cmd")));

            eventually().until(() -> streamA.has("reading", tenantA.device()) && streamA.has("alert", tenantA.device())
                    && streamA.has("command", tenantA.device()));
            // B's markers were behind A's events on the same partitions: once B has them, A's events were offered to B
            eventually().until(() -> streamB.has("reading", markerDevice) && streamB.has("alert", markerDevice)
                    && streamB.has("command", markerDevice));

            for (EventStreamClient bStream : List.of(streamB, streamBOnAsDevice)) {
                assertThat(bStream.response.statusCode()).isEqualTo(200);
                assertThat(bStream.events).allSatisfy(event -> {
                    assertThat(event.tenantId()).isEqualTo(TENANT_B);
                    assertThat(event.data().toString()).doesNotContain(tenantA.device());
                });
            }
            assertThat(streamBOnAsDevice.events).isEmpty();
        } finally {
            streams.forEach(EventStreamClient::close);
        }
    }

    private EventStreamClient open(List<EventStreamClient> streams, String query, String apiKey) throws Exception {
        EventStreamClient stream = EventStreamClient.open(port, query, apiKey);
        streams.add(stream);
        return stream;
    }

    private static JsonNode json(String body) {
        return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    }

    private static AlertEvent alert(String tenant, String device, String alertId) {
        return new AlertEvent(alertId + ":1", AlertEventType.RAISED, alertId, 1, AlertStatus.OPEN, tenant, device,
                "farm-heat", "Field too hot", Severity.MAJOR, T0, T0, null, null, null, null, null);
    }

    private static CommandStatusChanged command(String tenant, String device, String commandId) {
        return new CommandStatusChanged(commandId, tenant, device, "sprinkler", Map.of("state", "on"),
                CommandTransport.MQTT, CommandStatus.EXECUTED, 1, 4, null, Map.of("valve", "open"), T0,
                T0.plusSeconds(3600), T0.plusSeconds(2), "api:it");
    }
}
