package io.fieldlink.dashboard;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.Topics;
import io.fieldlink.testsupport.KafkaExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registry profiles ({@code iot.devices.v1}) and readings ({@code iot.telemetry.v1}) through their own projectors
 * into the same device documents (real Kafka, real OpenSearch), then the device search and {@code GET
 * /v1/devices/{id}} over HTTP.
 */
class DeviceSearchIT extends DashboardITSupport {

    private static final String TENANT_A = "OP-ITSRCHA";
    private static final String TENANT_B = "OP-ITSRCHB";
    private static final String KEY_A = "it-key-search-a";
    private static final String KEY_B = "it-key-search-b";

    private static DeviceProfileChanged profile(String tenant, String device, Set<String> tags, String name,
                                                long revision) {
        Instant now = Instant.now();
        return new DeviceProfileChanged(tenant, device, tags, now, DeviceIdentity.NONE, now, now, SourceProtocol.HTTP,
                name, Map.of(), Set.of("north"), revision);
    }

    private static void publishProfile(String key, DeviceProfileChanged profile) {
        publish(Topics.DEVICES.name(), key, profile);
    }

    private Map<String, Object> deviceDocument(String tenant, String device) {
        return document("fieldlink-devices", tenant + ":" + device).orElse(Map.of());
    }

    @Test
    void profileThenReadingsEndWithOneDocumentHoldingBoth() {
        String device = unique("srch-pr");
        publishProfile(device, profile(TENANT_A, device, Set.of("greenhouse"), "Hut 1", 1));
        eventually().until(() -> deviceDocument(TENANT_A, device).containsKey("tags"));
        assertThat(deviceDocument(TENANT_A, device)).doesNotContainKey("lastSeen");

        Instant eventTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(reading(TENANT_A, device, unique("msg"), eventTime, Map.of("temperature", 21.5), Map.of()));
        eventually().until(() -> deviceDocument(TENANT_A, device).containsKey("lastSeen"));

        Map<String, Object> both = deviceDocument(TENANT_A, device);
        assertThat(both).containsEntry("tags", List.of("greenhouse")).containsEntry("displayName", "Hut 1")
                .containsEntry("groups", List.of("north")).containsEntry("profileRevision", 1)
                .containsEntry("lastSeen", eventTime.toString());
        assertThat(both.get("measurements")).isEqualTo(Map.of("temperature", 21.5));
    }

    @Test
    void readingsThenProfileEndWithOneDocumentHoldingBoth() {
        String device = unique("srch-rp");
        Instant eventTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(reading(TENANT_A, device, unique("msg"), eventTime, Map.of("temperature", 19.0), Map.of("fw", "2")));
        eventually().until(() -> deviceDocument(TENANT_A, device).containsKey("lastSeen"));

        publishProfile(device, profile(TENANT_A, device, Set.of("field"), null, 1));
        eventually().until(() -> deviceDocument(TENANT_A, device).containsKey("tags"));

        Map<String, Object> both = deviceDocument(TENANT_A, device);
        assertThat(both).containsEntry("tags", List.of("field")).doesNotContainKey("displayName")
                .containsEntry("lastSeen", eventTime.toString());
        assertThat(both.get("measurements")).isEqualTo(Map.of("temperature", 19.0));
        assertThat(both.get("attributes")).isEqualTo(Map.of("fw", "2"));
    }

    @Test
    void anOlderRevisionAfterANewerOneIsANoOpAndAReplayChangesNothing() {
        String device = unique("srch-rev");
        String marker = unique("srch-marker");
        publishProfile(device, profile(TENANT_A, device, Set.of("fresh"), "New name", 3));
        publishProfile(device, profile(TENANT_A, device, Set.of("stale"), "Old name", 2));
        publishProfile(device, profile(TENANT_A, device, Set.of("fresh"), "New name", 3)); // a replay
        // same key, so same partition: once the marker is stored, the records before it were projected
        publishProfile(device, profile(TENANT_A, marker, Set.of(), null, 1));
        eventually().until(() -> deviceDocument(TENANT_A, marker).containsKey("profileRevision"));

        assertThat(deviceDocument(TENANT_A, device)).containsEntry("tags", List.of("fresh"))
                .containsEntry("displayName", "New name").containsEntry("profileRevision", 3);
        // written once: the stale record and the replay were no-ops
        assertThat(version("fieldlink-devices", TENANT_A + ":" + device)).isEqualTo(1);
    }

    @Test
    void searchByTagStateAndPrefixAndOneDevice() {
        String prefix = unique("srch-f");
        String tag = unique("gh");
        String online = prefix + "-online";
        String stale = prefix + "-stale";
        String registryOnly = prefix + "-new";
        String otherTag = prefix + "-other";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(reading(TENANT_A, online, unique("msg"), now.minusSeconds(60), Map.of("temperature", 20.0), Map.of()));
        send(reading(TENANT_A, stale, unique("msg"), now.minus(2, ChronoUnit.HOURS), Map.of("temperature", 5.0),
                Map.of()));
        send(reading(TENANT_A, otherTag, unique("msg"), now.minusSeconds(30), Map.of("temperature", 7.0), Map.of()));
        publishProfile(online, profile(TENANT_A, online, Set.of(tag), "South hut", 1));
        publishProfile(stale, profile(TENANT_A, stale, Set.of(tag, "spare"), null, 1));
        publishProfile(registryOnly, profile(TENANT_A, registryOnly, Set.of(tag), "North Hut", 1));
        publishProfile(otherTag, profile(TENANT_A, otherTag, Set.of("field"), null, 1));
        eventually().until(() -> ids(get("/v1/devices?tag=" + tag, KEY_A).body()).size() == 3
                && deviceDocument(TENANT_A, otherTag).containsKey("tags")
                && deviceDocument(TENANT_A, stale).containsKey("lastSeen")
                && deviceDocument(TENANT_A, online).containsKey("lastSeen"));

        JsonNode tagged = get("/v1/devices?tag=" + tag, KEY_A).body();
        assertThat(ids(tagged)).containsExactly(registryOnly, online, stale);
        assertThat(tagged.get("total").asLong()).isEqualTo(3);
        JsonNode newcomer = tagged.get("items").get(0);
        assertThat(newcomer.get("online").asBoolean()).isFalse();
        assertThat(newcomer.get("lastSeen").isNull()).isTrue();
        assertThat(newcomer.get("displayName").asString()).isEqualTo("North Hut");
        assertThat(tagged.get("items").get(1).get("online").asBoolean()).isTrue();
        assertThat(tagged.get("items").get(2).get("tags").toString()).isEqualTo("[\"" + tag + "\",\"spare\"]");

        assertThat(ids(get("/v1/devices?tag=" + tag + "&state=online", KEY_A).body())).containsExactly(online);
        assertThat(ids(get("/v1/devices?tag=" + tag + "&state=offline", KEY_A).body()))
                .containsExactly(registryOnly, stale);
        assertThat(ids(get("/v1/devices?q=" + prefix + "&state=online", KEY_A).body()))
                .containsExactly(online, otherTag);
        assertThat(ids(get("/v1/devices?q=north", KEY_A).body())).contains(registryOnly).doesNotContain(online);
        assertThat(ids(get("/v1/devices?q=" + prefix + "&size=2&page=1", KEY_A).body())).containsExactly(otherTag,
                stale);
        // the same four by cursor, two at a time: each page names the next, the last one none
        JsonNode first = get("/v1/devices?q=" + prefix + "&size=2", KEY_A).body();
        assertThat(ids(first)).containsExactly(registryOnly, online);
        JsonNode second = get("/v1/devices?q=" + prefix + "&size=2&cursor=" + first.get("nextCursor").asString(),
                KEY_A).body();
        assertThat(ids(second)).containsExactly(otherTag, stale);
        assertThat(second.get("nextCursor").isNull()).isTrue();

        Response one = get("/v1/devices/" + online, KEY_A);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("online").asBoolean()).isTrue();
        assertThat(one.body().get("displayName").asString()).isEqualTo("South hut");
        assertThat(one.body().get("sourceProtocol").asString()).isEqualTo("http");
        assertThat(one.body().get("measurements").get("temperature").asDouble()).isEqualTo(20.0);
        Response fresh = get("/v1/devices/" + registryOnly, KEY_A);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.body().get("online").asBoolean()).isFalse();
        assertThat(fresh.body().get("lastSeen").isNull()).isTrue();

        Response invalid = get("/v1/devices?state=asleep", KEY_A);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.body().get("parameter").asString()).isEqualTo("state");

        // tenant B: the same tag, prefix and id find nothing of A's
        send(reading(TENANT_B, prefix + "-b", unique("msg"), now, Map.of("temperature", 1.0), Map.of()));
        publishProfile(prefix + "-b", profile(TENANT_B, prefix + "-b", Set.of("b-only"), null, 1));
        eventually().until(() -> ids(get("/v1/devices?tag=b-only&q=" + prefix, KEY_B).body()).size() == 1);
        assertThat(ids(get("/v1/devices?tag=" + tag, KEY_B).body())).isEmpty();
        assertThat(ids(get("/v1/devices?q=" + prefix, KEY_B).body())).containsExactly(prefix + "-b");
        Response foreign = get("/v1/devices/" + online, KEY_B);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().get("type").asString()).isEqualTo("https://fieldlink.io/problems/device-not-found");
    }

    @Test
    void aPoisonProfileIsDeadLetteredAndTheOnesBehindItAreProjected() {
        String device = unique("srch-poison");
        String after = unique("srch-after");
        DeviceProfileChanged invalid = profile("OP:BAD", device, Set.of(), null, 1);
        publishProfile(device, invalid);
        sendRaw(Topics.DEVICES.name(), device, "{not json".getBytes(StandardCharsets.UTF_8));
        publishProfile(device, profile(TENANT_A, after, Set.of("ok"), null, 1));

        eventually().until(() -> deviceDocument(TENANT_A, after).containsKey("tags"));
        List<ConsumerRecord<String, byte[]>> dead = eventually().until(() -> KafkaExtension.node()
                .readAll(Topics.DEVICES_DLQ.name()).stream().filter(r -> device.equals(r.key())).toList(),
                list -> list.size() == 2);
        assertThat(header(dead.get(0), "fieldlink-dlq-reason")).isEqualTo("tenantId must not contain ':'");
        assertThat(ContractJson.read(dead.get(0).value(), DeviceProfileChanged.class)).isEqualTo(invalid);
        assertThat(header(dead.get(1), "fieldlink-dlq-reason")).startsWith("undeserialisable value: ");
        assertThat(header(dead.get(1), "kafka_dlt-original-topic")).isEqualTo(Topics.DEVICES.name());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("deviceId").asString()));
        return ids;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
