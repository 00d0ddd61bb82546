package io.fieldlink.command.registry;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.support.problem.ApiProblemException;
import io.fieldlink.support.web.IfMatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceRegistryTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final String A = "OP-A";
    static final String B = "OP-B";
    static final DeviceIdentity IDENTITY = new DeviceIdentity("295000000000001", "860000000000001", null, null);
    static final CommandProperties.Registry SETTINGS = new CommandProperties.Registry(Duration.ofMinutes(1),
            Duration.ofMinutes(5), null, null, null, null, null, null, 3, 2, 2, 10, 20);

    final MutableClock clock = new MutableClock(T0);
    /** What reached the topic, in order. */
    final List<DeviceProfileChanged> topic = new CopyOnWriteArrayList<>();
    volatile boolean kafkaDown;
    DeviceRegistry registry;

    @BeforeEach
    void loadedEmpty() {
        registry = new DeviceRegistry(profile -> {
            if (kafkaDown) {
                throw ApiProblems.writeUnavailable(5);
            }
            topic.add(profile);
        }, SETTINGS, clock);
        registry.markLoaded();
    }

    @Test
    void aFirstContactRegistersTheDeviceWithFirstAndLastSeen() {
        assertThat(registry.seen(A, "d1", IDENTITY, SourceProtocol.BEAM_HTTP, T0)).isTrue();

        assertThat(topic).singleElement().satisfies(profile -> {
            assertThat(profile.tenantId()).isEqualTo(A);
            assertThat(profile.deviceId()).isEqualTo("d1");
            assertThat(profile.firstSeen()).isEqualTo(T0);
            assertThat(profile.lastSeen()).isEqualTo(T0);
            assertThat(profile.identity()).isEqualTo(IDENTITY);
            assertThat(profile.lastProtocol()).isEqualTo(SourceProtocol.BEAM_HTTP);
            assertThat(profile.revision()).isEqualTo(1);
            assertThat(profile.tags()).isEmpty();
        });
        Device device = registry.find(A, "d1").orElseThrow();
        assertThat(device.online()).isTrue();
        assertThat(device.revision()).isEqualTo(1);
    }

    @Test
    void lastSeenMovesInMemoryOnEveryReadingButIsWrittenAtMostOncePerInterval() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);
        for (int second = 1; second <= 50; second++) {
            clock.advance(Duration.ofSeconds(1));
            registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, clock.instant());
        }
        assertThat(topic).hasSize(1);
        assertThat(registry.find(A, "d1").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(50));

        clock.advance(Duration.ofSeconds(10)); // 60 s after the registration was written
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, clock.instant());

        assertThat(topic).hasSize(2);
        assertThat(topic.getLast().lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(topic.getLast().firstSeen()).isEqualTo(T0);
        assertThat(topic.getLast().revision()).isEqualTo(2);
    }

    @Test
    void theSweepWritesALastSeenThatNoLaterReadingCarriedOut() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);
        clock.advance(Duration.ofSeconds(20));
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, clock.instant()); // then the device goes silent

        assertThat(registry.writePendingLastSeen()).isZero();
        clock.advance(Duration.ofSeconds(40));
        assertThat(registry.writePendingLastSeen()).isEqualTo(1);
        assertThat(registry.writePendingLastSeen()).isZero();

        assertThat(topic).extracting(DeviceProfileChanged::lastSeen).containsExactly(T0, T0.plusSeconds(20));
    }

    @Test
    void aChangedIdentityIsWrittenAtOnceAndAnEmptyOneKeepsTheKnownIdentity() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.BEAM_HTTP, T0);
        registry.seen(A, "d1", DeviceIdentity.NONE, SourceProtocol.MQTT, T0.plusSeconds(1));
        assertThat(topic).hasSize(1);
        assertThat(registry.find(A, "d1").orElseThrow().identity()).isEqualTo(IDENTITY);

        DeviceIdentity moved = new DeviceIdentity("295000000000001", "860000000000999", null, null);
        registry.seen(A, "d1", moved, SourceProtocol.BEAM_HTTP, T0.plusSeconds(2));

        assertThat(topic).hasSize(2);
        assertThat(topic.getLast().identity()).isEqualTo(moved);
    }

    @Test
    void anOlderReadingDoesNotMoveLastSeenBack() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0.plusSeconds(30));
        registry.seen(A, "d1", IDENTITY, SourceProtocol.HTTP, T0);

        Device device = registry.find(A, "d1").orElseThrow();
        assertThat(device.lastSeen()).isEqualTo(T0.plusSeconds(30));
        assertThat(device.lastProtocol()).isEqualTo(SourceProtocol.MQTT);
    }

    @Test
    void onlineIsLastSeenWithinTheWindow() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);
        clock.advance(Duration.ofMinutes(5));
        assertThat(registry.find(A, "d1").orElseThrow().online()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(registry.find(A, "d1").orElseThrow().online()).isFalse();
    }

    @Test
    void aDeviceIdBelongsToTheFirstTenantAndOthersNeitherSeeNorTakeIt() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);

        assertThat(registry.seen(B, "d1", null, SourceProtocol.MQTT, T0.plusSeconds(1))).isFalse();

        assertThat(registry.tenantConflicts()).isEqualTo(1);
        assertThat(registry.find(B, "d1")).isEmpty();
        assertThat(registry.list(B, null, null, 10, null).items()).isEmpty();
        assertThat(registry.find(A, "d1").orElseThrow().lastSeen()).isEqualTo(T0);
        assertThat(topic).hasSize(1);
    }

    @Test
    void aRegistrationKafkaRefusedLeavesNoDeviceAndTheNextContactRegistersIt() {
        kafkaDown = true;
        assertThatThrownBy(() -> registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0))
                .isInstanceOf(ApiProblemException.class);
        assertThat(registry.find(A, "d1")).isEmpty();
        assertThat(registry.list(A, null, null, 10, null).items()).isEmpty();

        kafkaDown = false;
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0.plusSeconds(5));

        assertThat(registry.find(A, "d1").orElseThrow().revision()).isEqualTo(1);
        assertThat(topic).singleElement().extracting(DeviceProfileChanged::firstSeen).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aPatchMergesStoresRevisionPlusOneAndCarriesTheFreshestLastSeen() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0.plusSeconds(10));
        clock.advance(Duration.ofSeconds(15));

        Device patched = registry.patch(A, "d1", patch("""
                {"displayName": "North", "tags": ["greenhouse"], "metadata": {"row": "7", "bed": "2"}}"""), null);

        assertThat(patched.displayName()).isEqualTo("North");
        assertThat(patched.tags()).containsExactly("greenhouse");
        assertThat(patched.metadata()).isEqualTo(Map.of("row", "7", "bed", "2"));
        assertThat(patched.revision()).isEqualTo(2);
        assertThat(topic.getLast().lastSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(topic.getLast().changedAt()).isEqualTo(T0.plusSeconds(15));

        Device again = registry.patch(A, "d1", patch("""
                {"displayName": null, "metadata": {"bed": null, "zone": "n"}, "groups": ["field-north"]}"""), null);

        assertThat(again.displayName()).isNull();
        assertThat(again.metadata()).isEqualTo(Map.of("row", "7", "zone", "n"));
        assertThat(again.tags()).containsExactly("greenhouse");
        assertThat(again.groups()).containsExactly("field-north");
        assertThat(again.revision()).isEqualTo(3);
        assertThat(topic.getLast().firstSeen()).isEqualTo(T0);
    }

    @Test
    void aPatchThatChangesNothingStoresNothing() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);
        registry.patch(A, "d1", patch("{\"tags\": [\"x\"]}"), null);

        Device same = registry.patch(A, "d1", patch("{\"tags\": [\"x\"]}"), null);

        assertThat(same.revision()).isEqualTo(2);
        assertThat(topic).hasSize(2);
    }

    @Test
    void aPatchChecksIfMatchAgainstTheRevision() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);

        assertThatThrownBy(() -> registry.patch(A, "d1", patch("{\"tags\": [\"x\"]}"), IfMatch.parse("\"7\"")))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        problem -> assertThat(problem.status().value()).isEqualTo(412));
        assertThat(registry.patch(A, "d1", patch("{\"tags\": [\"x\"]}"), IfMatch.parse("\"1\"")).revision())
                .isEqualTo(2);
        assertThat(topic).hasSize(2);
    }

    @Test
    void aPatchMayNotExceedTheCountLimitsAfterTheMerge() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);
        registry.patch(A, "d1", patch("{\"metadata\": {\"a\": \"1\", \"b\": \"2\"}}"), null);

        assertThatThrownBy(() -> registry.patch(A, "d1", patch("{\"metadata\": {\"c\": \"3\"}}"), null))
                .isInstanceOfSatisfying(ApiProblemException.class, problem -> {
                    assertThat(problem.type()).isEqualTo(ApiProblems.INVALID_DEVICE_PATCH);
                    assertThat(problem.toProblemDetail().getProperties().get("violations").toString())
                            .contains("field=metadata");
                });
        // removing one while adding one stays within the limit
        assertThat(registry.patch(A, "d1", patch("{\"metadata\": {\"a\": null, \"c\": \"3\"}}"), null).metadata())
                .isEqualTo(Map.of("b", "2", "c", "3"));
    }

    @Test
    void aPatchNeverCreatesADeviceAndAnotherTenantsDeviceIsNotFound() {
        registry.seen(A, "d1", IDENTITY, SourceProtocol.MQTT, T0);

        assertThatThrownBy(() -> registry.patch(A, "nope", patch("{\"tags\": [\"x\"]}"), null))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        problem -> assertThat(problem.type()).isEqualTo(ApiProblems.DEVICE_NOT_FOUND));
        assertThatThrownBy(() -> registry.patch(B, "d1", patch("{\"tags\": [\"x\"]}"), null))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        problem -> assertThat(problem.type()).isEqualTo(ApiProblems.DEVICE_NOT_FOUND));
        assertThat(topic).hasSize(1);
    }

    @Test
    void pagesFollowDeviceIdOrderAndFilterByTagAndGroup() {
        for (String id : List.of("d5", "d1", "d4", "d2", "d3")) {
            registry.seen(A, id, null, SourceProtocol.UDP, T0);
        }
        registry.seen(B, "d0", null, SourceProtocol.UDP, T0);
        registry.patch(A, "d2", patch("{\"tags\": [\"hot\"], \"groups\": [\"g\"]}"), null);
        registry.patch(A, "d4", patch("{\"tags\": [\"hot\"]}"), null);
        registry.patch(A, "d5", patch("{\"tags\": [\"hot\"], \"groups\": [\"g\"]}"), null);

        DevicePage first = registry.list(A, null, null, 2, null);
        DevicePage second = registry.list(A, null, null, 2, first.lastOfPage());
        DevicePage third = registry.list(A, null, null, 2, second.lastOfPage());

        assertThat(first.items()).extracting(Device::deviceId).containsExactly("d1", "d2");
        assertThat(second.items()).extracting(Device::deviceId).containsExactly("d3", "d4");
        assertThat(third.items()).extracting(Device::deviceId).containsExactly("d5");
        assertThat(third.lastOfPage()).isNull();
        // a full page is the last one when nothing matches after it
        assertThat(registry.list(A, null, null, 5, null).lastOfPage()).isNull();

        assertThat(registry.list(A, "hot", null, 10, null).items()).extracting(Device::deviceId)
                .containsExactly("d2", "d4", "d5");
        DevicePage tagged = registry.list(A, "hot", "g", 1, null);
        assertThat(tagged.items()).extracting(Device::deviceId).containsExactly("d2");
        assertThat(registry.list(A, "hot", "g", 1, tagged.lastOfPage()).items()).extracting(Device::deviceId)
                .containsExactly("d5");
    }

    @Test
    void restoredProfilesAreTheRegistryAndTheLatestRecordWins() {
        DeviceRegistry restarted = new DeviceRegistry(topic::add, SETTINGS, clock);
        restarted.restore("d1", profile(A, "d1", 1, Set.of()));
        restarted.restore("d1", profile(A, "d1", 2, Set.of("hot")));
        restarted.restore("d2", profile(A, "d2", 1, Set.of()));
        restarted.restore("d2", null);
        restarted.restore("d3", profile(A, "d3", 1, Set.of()));
        restarted.restore("d3", profile(B, "d3", 4, Set.of()));

        assertThatThrownBy(() -> restarted.find(A, "d1")).isInstanceOfSatisfying(ApiProblemException.class,
                problem -> assertThat(problem.type()).isEqualTo(ApiProblems.REGISTRY_LOADING));
        assertThatThrownBy(() -> restarted.seen(A, "d1", null, SourceProtocol.MQTT, T0))
                .isInstanceOf(IllegalStateException.class);
        restarted.markLoaded();

        assertThat(restarted.find(A, "d1").orElseThrow().tags()).containsExactly("hot");
        assertThat(restarted.find(A, "d2")).isEmpty();
        assertThat(restarted.find(A, "d3")).isEmpty();
        assertThat(restarted.find(B, "d3").orElseThrow().revision()).isEqualTo(4);
        assertThat(restarted.list(A, null, null, 10, null).items()).extracting(Device::deviceId).containsExactly("d1");

        // a known device's contact is not a new registration
        clock.advance(Duration.ofSeconds(1));
        restarted.seen(A, "d1", null, SourceProtocol.MQTT, clock.instant());
        assertThat(topic).isEmpty();
    }

    private static DeviceProfileChanged profile(String tenant, String deviceId, long revision, Set<String> tags) {
        return new DeviceProfileChanged(tenant, deviceId, tags, T0, null, T0, T0, SourceProtocol.MQTT, null, null,
                null, revision);
    }

    private static DevicePatch patch(String json) {
        JsonNode body = JsonMapper.builder().build().readTree(json);
        return DevicePatch.parse(body, SETTINGS);
    }
}
