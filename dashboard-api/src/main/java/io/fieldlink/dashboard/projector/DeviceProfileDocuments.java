package io.fieldlink.dashboard.projector;

import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.dashboard.store.Fields;
import io.fieldlink.dashboard.store.IndexLayout;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.BuiltinScriptLanguage;
import org.opensearch.client.opensearch._types.Script;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a registry profile ({@code iot.devices.v1}) to the profile fields of the device document ({@code tags},
 * {@code groups}, {@code displayName}, {@code profileRevision}), written by a partial scripted upsert: the telemetry
 * projector owns the other fields of the same document and its script never touches these, nor this one the
 * telemetry's. A device known only from the registry gets a document without {@code lastSeen} (offline).
 * <p>
 * Refuses what could never be stored: a blank tenant or device id, a tenant id with {@code ':'}, a document id over
 * 512 UTF-8 bytes, a negative revision. The registry's own {@code lastSeen} is not projected: "online" means a
 * reading reached the read model, and the registry writes its {@code lastSeen} only once per interval.
 */
final class DeviceProfileDocuments {

    /**
     * Newest profile wins by revision: an older revision, or the same one again (a replay), is a no-op. Revision 0
     * marks records written before revisions existed; such a record is applied unless a revision is stored, so a
     * legacy profile never replaces a revised one. Only the profile fields are set; {@code displayName} is removed
     * when the profile has none.
     */
    static final String PROFILE_SCRIPT = """
            def s = ctx._source;
            long revision = ((Number) params.profileRevision).longValue();
            boolean superseded = false;
            if (s.profileRevision != null) {
              long stored = ((Number) s.profileRevision).longValue();
              superseded = revision < stored || (revision == stored && revision != 0);
            }
            if (superseded) {
              ctx.op = 'none';
            } else {
              s.tenantId = params.tenantId;
              s.deviceId = params.deviceId;
              s.tags = params.tags;
              s.groups = params.groups;
              if (params.displayName == null) {
                s.remove('displayName');
              } else {
                s.displayName = params.displayName;
              }
              s.profileRevision = revision;
            }""";

    /** The telemetry projector writes the same documents at the same time: contention is normal, not an error. */
    private static final int RETRY_ON_CONFLICT = 5;

    /** How the writer turns these documents into bulk operations. */
    static final LatestStateWriter.Mode MODE = new LatestStateWriter.Mode(DeviceProfileDocuments::upsert, false);

    private final IndexLayout layout;

    DeviceProfileDocuments(IndexLayout layout) {
        this.layout = layout;
    }

    /** @throws PoisonRecordException when the profile can never be stored */
    VersionedDocument profile(DeviceProfileChanged profile, int position) {
        requireNotBlank("tenantId", profile.tenantId());
        requireNotBlank("deviceId", profile.deviceId());
        if (profile.tenantId().indexOf(IndexLayout.DEVICE_ID_SEPARATOR) >= 0) {
            throw new PoisonRecordException("tenantId must not contain '" + IndexLayout.DEVICE_ID_SEPARATOR + "'");
        }
        String id = IndexLayout.deviceDocumentId(profile.tenantId(), profile.deviceId());
        if (id.getBytes(StandardCharsets.UTF_8).length > TelemetryDocuments.MAX_ID_BYTES) {
            throw new PoisonRecordException("tenantId and deviceId together exceed " + TelemetryDocuments.MAX_ID_BYTES
                    + " bytes");
        }
        if (profile.revision() < 0) {
            throw new PoisonRecordException("revision " + profile.revision() + " is negative");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Fields.TENANT_ID, profile.tenantId());
        fields.put(Fields.DEVICE_ID, profile.deviceId());
        fields.put(Fields.TAGS, new ArrayList<>(profile.tags()));
        fields.put(Fields.GROUPS, new ArrayList<>(profile.groups()));
        if (profile.displayName() != null && !profile.displayName().isBlank()) {
            fields.put(Fields.DISPLAY_NAME, profile.displayName());
        }
        fields.put(Fields.PROFILE_REVISION, profile.revision());
        return new VersionedDocument(position, layout.devicesIndex(), id, profile.revision(), fields);
    }

    /** A scripted upsert: creates the document of a device not seen yet, else runs {@link #PROFILE_SCRIPT}. */
    static BulkOperation upsert(VersionedDocument document) {
        Map<String, JsonData> params = new LinkedHashMap<>();
        document.document().forEach((key, value) -> params.put(key, JsonData.of(value)));
        return BulkOperation.of(op -> op.update(update -> update
                .index(document.index())
                .id(document.id())
                .retryOnConflict(RETRY_ON_CONFLICT)
                .scriptedUpsert(true)
                .upsert(Map.<String, Object>of())
                .script(Script.of(s -> s.inline(inline -> inline
                        .lang(l -> l.builtin(BuiltinScriptLanguage.Painless))
                        .source(PROFILE_SCRIPT)
                        .params(params))))));
    }

    private static void requireNotBlank(String field, String value) {
        if (value.isBlank()) {
            throw new PoisonRecordException(field + " is blank");
        }
    }
}
