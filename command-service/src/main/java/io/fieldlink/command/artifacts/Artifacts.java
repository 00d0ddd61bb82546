package io.fieldlink.command.artifacts;

import io.fieldlink.command.CommandProperties;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Firmware and model artifacts of the tenants in one S3 bucket, each object at {@code artifacts/<tenantId>/<id>}
 * with name, version, kind, SHA-256 and creation time as its user metadata: the bucket is the only state, so every
 * instance of the service sees the same artifacts. A tenant only ever reaches keys under its own prefix.
 */
public final class Artifacts {

    static final String PREFIX = "artifacts/";
    /** 12 hex digits of epoch milliseconds, 8 random: ids sort by creation time and never collide in practice. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{20}");
    static final String CONTENT_TYPE = MediaType.APPLICATION_OCTET_STREAM_VALUE;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectStorage storage;
    private final CommandProperties.Artifacts settings;
    private final Clock clock;

    Artifacts(ObjectStorage storage, CommandProperties.Artifacts settings, Clock clock) {
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
    }

    /** Stores {@code body} (at most max-size bytes, else a 413 problem) and answers the new artifact. */
    Artifact upload(String tenantId, ArtifactUpload upload, InputStream body) throws IOException {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String id = newId(now);
        try (StagedFile staged = StagedFile.stage(body, settings.maxSize().toBytes())) {
            Artifact artifact = new Artifact(id, upload.name(), upload.version(), upload.kind(), staged.size(),
                    staged.sha256(), CONTENT_TYPE, now);
            storage.put(key(tenantId, id), staged.file(), staged.size(), CONTENT_TYPE, Map.of(
                    "name", artifact.name(), "version", artifact.version(), "kind", artifact.kind(),
                    "sha256", artifact.sha256(), "created-at", now.toString()));
            return artifact;
        } catch (StagedFile.TooLargeException e) {
            throw ArtifactProblems.tooLarge(settings.maxSize());
        }
    }

    /** The tenant's newest artifacts (at most max-listed), newest first. */
    public List<Artifact> list(String tenantId) {
        String prefix = PREFIX + tenantId + "/";
        return storage.keys(prefix).stream()
                .map(key -> key.substring(prefix.length()))
                .filter(id -> ID.matcher(id).matches())
                .sorted(Comparator.reverseOrder())
                .limit(settings.maxListed())
                .flatMap(id -> find(tenantId, id).stream())
                .toList();
    }

    /** The tenant's artifact; empty for an unknown id and for another tenant's. */
    public Optional<Artifact> find(String tenantId, String artifactId) {
        if (artifactId == null || !ID.matcher(artifactId).matches()) {
            return Optional.empty();
        }
        return storage.head(key(tenantId, artifactId)).flatMap(object -> toArtifact(artifactId, object));
    }

    /** A presigned download URL with the configured expiry (url-expiry, default 15m). */
    public DownloadUrl presignedDownload(String tenantId, String artifactId) {
        return presignedDownload(tenantId, artifactId, settings.urlExpiry());
    }

    /**
     * A presigned download URL valid for {@code expiry} (1s to 7d); the artifact-not-found problem for an unknown
     * id or another tenant's.
     */
    public DownloadUrl presignedDownload(String tenantId, String artifactId, Duration expiry) {
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0
                || expiry.compareTo(CommandProperties.Artifacts.MAX_URL_EXPIRY) > 0) {
            throw new IllegalArgumentException("expiry must be 1s to 7d, not " + expiry);
        }
        Artifact artifact = find(tenantId, artifactId).orElseThrow(() -> ArtifactProblems.notFound(artifactId));
        // taken before signing: the URL never outlives the time we announce
        Instant expiresAt = clock.instant().plus(expiry);
        return new DownloadUrl(storage.presignGet(key(tenantId, artifactId), expiry), expiresAt, artifact.sha256(),
                artifact.size());
    }

    static String key(String tenantId, String artifactId) {
        return PREFIX + tenantId + "/" + artifactId;
    }

    static String newId(Instant now) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random);
    }

    /** Empty for an object without our metadata (not written by this service). */
    private static Optional<Artifact> toArtifact(String id, ObjectStorage.StoredObject object) {
        Map<String, String> meta = object.metadata();
        String name = meta.get("name");
        String sha256 = meta.get("sha256");
        String created = meta.get("created-at");
        if (name == null || sha256 == null || created == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Artifact(id, name, meta.getOrDefault("version", ""),
                    meta.getOrDefault("kind", "firmware"), object.size(), sha256,
                    object.contentType() == null ? CONTENT_TYPE : object.contentType(), Instant.parse(created)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
