package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.dashboard.DashboardProperties.Granularity;
import io.fieldlink.dashboard.store.IndexLayout;
import io.fieldlink.dashboard.store.IndexTemplates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The device profile projection: documents, the partial upsert, the deserializer and the projector's skips. */
class DeviceProfileProjectionTest {

    private static final Instant CHANGED = Instant.parse("2026-11-27T10:00:00Z");

    private final DeviceProfileDocuments documents = new DeviceProfileDocuments(new IndexLayout("fieldlink",
            Granularity.MONTHLY));

    static DeviceProfileChanged profile(String tenant, String device, Set<String> tags, String name, long revision) {
        return new DeviceProfileChanged(tenant, device, tags, CHANGED, DeviceIdentity.NONE, CHANGED, CHANGED,
                SourceProtocol.HTTP, name, Map.of("owner", "farm"), Set.of("north", "east"), revision);
    }

    @Test
    void theDocumentHoldsOnlyTheProfileFields() {
        VersionedDocument document = documents.profile(profile("OP1", "dev-1", Set.of("greenhouse", "a"), "Hut 1", 7),
                3);

        assertThat(document.position()).isEqualTo(3);
        assertThat(document.index()).isEqualTo("fieldlink-devices");
        assertThat(document.id()).isEqualTo("OP1:dev-1");
        assertThat(document.version()).isEqualTo(7);
        // no lastSeen, measurements ...: the telemetry projector owns those; no metadata: not searched or shown
        assertThat(document.document()).containsExactly(
                Map.entry("tenantId", "OP1"), Map.entry("deviceId", "dev-1"),
                Map.entry("tags", List.of("a", "greenhouse")), Map.entry("groups", List.of("east", "north")),
                Map.entry("displayName", "Hut 1"), Map.entry("profileRevision", 7L));
    }

    @Test
    void noOrABlankNameIsLeftOutSoTheScriptRemovesAStoredOne() {
        assertThat(documents.profile(profile("OP1", "dev-1", Set.of(), null, 1), 0).document())
                .doesNotContainKey("displayName");
        assertThat(documents.profile(profile("OP1", "dev-1", Set.of(), "  ", 1), 0).document())
                .doesNotContainKey("displayName");
        assertThat(DeviceProfileDocuments.PROFILE_SCRIPT).contains("s.remove('displayName')");
    }

    @Test
    void whatCanNeverBeStoredIsPoison() {
        assertThatThrownBy(() -> documents.profile(profile("OP:1", "dev-1", Set.of(), null, 1), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessage("tenantId must not contain ':'");
        assertThatThrownBy(() -> documents.profile(profile(" ", "dev-1", Set.of(), null, 1), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessage("tenantId is blank");
        assertThatThrownBy(() -> documents.profile(profile("OP1", "", Set.of(), null, 1), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessage("deviceId is blank");
        assertThatThrownBy(() -> documents.profile(profile("OP1", "d".repeat(600), Set.of(), null, 1), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("exceed 512 bytes");
        assertThatThrownBy(() -> documents.profile(profile("OP1", "dev-1", Set.of(), null, -1), 0))
                .isInstanceOf(PoisonRecordException.class).hasMessage("revision -1 is negative");
    }

    @Test
    void theUpsertIsAScriptedPartialUpdateWithTheProfileAsParameters() {
        BulkOperation operation = DeviceProfileDocuments.upsert(
                documents.profile(profile("OP1", "dev-1", Set.of("greenhouse"), "Hut 1", 4), 0));

        assertThat(operation.isUpdate()).isTrue();
        assertThat(operation.update().index()).isEqualTo("fieldlink-devices");
        assertThat(operation.update().id()).isEqualTo("OP1:dev-1");
        assertThat(operation.update().retryOnConflict()).isEqualTo(5);
        String body = bodyOf(operation);
        assertThat(body).contains("\"scripted_upsert\":true").contains("\"upsert\":{}")
                .contains("\"profileRevision\":4").contains("\"tags\":[\"greenhouse\"]");
        // the script never writes a telemetry field, and orders by revision
        assertThat(DeviceProfileDocuments.PROFILE_SCRIPT)
                .doesNotContain("lastSeen").doesNotContain("measurements").doesNotContain("attributes")
                .contains("revision < stored || (revision == stored && revision != 0)");
        assertThat(TelemetryWriter.LAST_SEEN_SCRIPT).doesNotContain("tags").doesNotContain("displayName")
                .doesNotContain("profileRevision");
    }

    @Test
    void aConflictThatOutlastsTheRetriesIsTransientNotSuperseded() throws IOException {
        OpenSearchClient client = mock(OpenSearchClient.class);
        LatestStateWriter writer = new LatestStateWriter(client, mock(IndexTemplates.class),
                DeviceProfileDocuments.MODE);
        when(client.bulk(any(BulkRequest.class))).thenReturn(BulkResponse.of(r -> r.errors(true).took(1).items(List.of(
                BulkResponseItem.of(i -> i.operationType(OperationType.Update).index("x").id("1").status(409)
                        .error(ErrorCause.of(e -> e.type("version_conflict_engine_exception").reason("busy"))))))));

        assertThatThrownBy(() -> writer.write(List.of(documents.profile(profile("OP1", "dev-1", Set.of(), null, 1), 0))))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("status 409");
    }

    @Test
    void aTombstoneIsSkippedAndAnUnreadableValueIsPoison() {
        DeviceProfileDeserializer deserializer = new DeviceProfileDeserializer();
        DeviceProfileChanged tombstone = deserializer.deserialize("iot.devices.v1", null);
        DeviceProfileChanged real = deserializer.deserialize("iot.devices.v1",
                ContractJson.write(profile("OP1", "dev-2", Set.of("greenhouse"), null, 2)));
        assertThat(DeviceProfileDeserializer.isTombstone(tombstone)).isTrue();
        assertThat(DeviceProfileDeserializer.isTombstone(real)).isFalse();
        assertThat(real.tags()).containsExactly("greenhouse");

        List<List<VersionedDocument>> written = new ArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LatestStateWriter writer = new LatestStateWriter(null, null, DeviceProfileDocuments.MODE) {
            @Override
            java.util.TreeMap<Integer, String> write(List<VersionedDocument> batch) {
                written.add(List.copyOf(batch));
                return new java.util.TreeMap<>();
            }
        };
        LatestStateProjector<DeviceProfileChanged> projector = new LatestStateProjector<>(DeviceProfileChanged.class,
                "device-profiles", documents::profile, writer, DeviceProfileDeserializer::isTombstone, meters);

        projector.accept(List.of(tombstone, real));
        assertThat(written).singleElement().satisfies(batch -> assertThat(batch).singleElement()
                .satisfies(document -> assertThat(document.position()).isEqualTo(1)));
        assertThat(meters.counter("fieldlink.dashboard.projector.events", "kind", "device-profiles").count())
                .isEqualTo(1.0);

        List<DeviceProfileChanged> withFailure = new ArrayList<>();
        withFailure.add(tombstone);
        withFailure.add(real);
        withFailure.add(null); // what ErrorHandlingDeserializer leaves for a value it could not read
        assertThatThrownBy(() -> projector.accept(withFailure))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(2));
        assertThat(meters.counter("fieldlink.dashboard.projector.events", "kind", "device-profiles").count())
                .isEqualTo(2.0);
    }

    /** The operation's lines as the bulk request sends them (header, then the update body). */
    private static String bodyOf(BulkOperation operation) {
        var mapper = new org.opensearch.client.json.jackson.JacksonJsonpMapper();
        StringBuilder lines = new StringBuilder();
        var parts = operation.update()._serializables();
        while (parts.hasNext()) {
            Object part = parts.next();
            var out = new java.io.StringWriter();
            try (var generator = mapper.jsonProvider().createGenerator(out)) {
                if (part instanceof org.opensearch.client.json.JsonpSerializable serializable) {
                    serializable.serialize(generator, mapper);
                } else {
                    mapper.serialize(part, generator);
                }
            }
            lines.append(out).append('\n');
        }
        return lines.toString();
    }
}
