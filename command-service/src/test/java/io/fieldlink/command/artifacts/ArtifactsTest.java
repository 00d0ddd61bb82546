package io.fieldlink.command.artifacts;

import io.fieldlink.command.CommandProperties;
import io.fieldlink.support.problem.ApiProblemException;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactsTest {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00.123Z");

    final InMemoryObjectStorage storage = new InMemoryObjectStorage();
    final CommandProperties.Artifacts settings = new CommandProperties.Artifacts(null, null, null, null, null, null,
            DataSize.ofBytes(100), Duration.ofMinutes(15), null, 2);
    final Artifacts artifacts = new Artifacts(storage, settings, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anUploadIsStoredUnderTheTenantWithItsDescriptionAsMetadata() throws IOException {
        Artifact artifact = upload("OP-A", "fw", "abc");

        assertThat(artifact.id()).matches("[0-9a-f]{20}").startsWith(String.format("%012x", NOW.toEpochMilli()));
        assertThat(artifact.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(artifact.size()).isEqualTo(3);
        assertThat(artifact.createdAt()).isEqualTo(NOW);
        var entry = storage.objects.get("artifacts/OP-A/" + artifact.id());
        assertThat(entry.bytes()).containsExactly('a', 'b', 'c');
        assertThat(entry.object().metadata()).containsEntry("sha256", artifact.sha256()).containsEntry("name", "fw")
                .containsEntry("version", "1.0").containsEntry("kind", "firmware")
                .containsEntry("created-at", "2026-11-27T12:00:00.123Z");
        assertThat(artifacts.find("OP-A", artifact.id())).contains(artifact);
    }

    @Test
    void anotherTenantNeitherFindsNorListsNorPresigns() throws IOException {
        Artifact artifact = upload("OP-A", "fw", "abc");

        assertThat(artifacts.find("OP-B", artifact.id())).isEmpty();
        assertThat(artifacts.list("OP-B")).isEmpty();
        assertThatThrownBy(() -> artifacts.presignedDownload("OP-B", artifact.id()))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.status().value()).isEqualTo(404));
    }

    @Test
    void theListIsNewestFirstAndCappedAtMaxListed() throws IOException {
        Artifact first = upload("OP-A", "one", "1");
        Artifact second = new Artifacts(storage, settings, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC))
                .upload("OP-A", ArtifactUpload.of("two", "1.0", null), new ByteArrayInputStream(new byte[]{2}));
        Artifact third = new Artifacts(storage, settings, Clock.fixed(NOW.plusSeconds(2), ZoneOffset.UTC))
                .upload("OP-A", ArtifactUpload.of("three", "1.0", null), new ByteArrayInputStream(new byte[]{3}));

        assertThat(artifacts.list("OP-A")).containsExactly(third, second);
        assertThat(artifacts.find("OP-A", first.id())).isPresent();
    }

    @Test
    void anUploadOverMaxSizeIs413AndStoresNothing() {
        assertThatThrownBy(() -> upload("OP-A", "big", "x".repeat(101)))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(413);
                    assertThat(e.type()).isEqualTo("payload-too-large");
                });
        assertThat(storage.objects).isEmpty();
    }

    @Test
    void aPresignedDownloadCarriesTheHashSizeAndExpiry() throws IOException {
        Artifact artifact = upload("OP-A", "fw", "abc");

        DownloadUrl url = artifacts.presignedDownload("OP-A", artifact.id());

        assertThat(url.sha256()).isEqualTo(artifact.sha256());
        assertThat(url.size()).isEqualTo(3);
        assertThat(url.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(url.url().toString()).contains("artifacts/OP-A/" + artifact.id()).contains("X-Amz-Expires=900");
        assertThatThrownBy(() -> artifacts.presignedDownload("OP-A", artifact.id(), Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsThatAreNotOursNeverReachTheStore() {
        assertThat(artifacts.find("OP-A", "../OP-B/00000000000000000000")).isEmpty();
        assertThat(artifacts.find("OP-A", "")).isEmpty();
    }

    @Test
    void theSettingsBoundTheUrlExpiryAndHideTheSecret() {
        assertThatThrownBy(() -> new CommandProperties.Artifacts(null, null, null, null, null, null, null,
                Duration.ofDays(8), null, null)).hasMessageContaining("url-expiry");
        assertThatThrownBy(() -> new CommandProperties.Artifacts(null, null, null, null, "key", null, null,
                null, null, null)).hasMessageContaining("secret-key");
        var withSecret = new CommandProperties.Artifacts(null, null, null, null, "key", "s3cr3t", null, null, null, null);
        assertThat(withSecret.toString()).doesNotContain("s3cr3t");
        assertThat(CommandProperties.Artifacts.defaults().maxSize()).isEqualTo(DataSize.ofMegabytes(512));
        assertThat(CommandProperties.Artifacts.defaults().urlExpiry()).isEqualTo(Duration.ofMinutes(15));
    }

    private Artifact upload(String tenant, String name, String body) throws IOException {
        return artifacts.upload(tenant, ArtifactUpload.of(name, "1.0", null), new ByteArrayInputStream(body.getBytes()));
    }
}
