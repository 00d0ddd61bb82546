package io.fieldlink.command.artifacts;

import io.fieldlink.testsupport.ServiceHttp;
import io.fieldlink.testsupport.WithKafka;
import io.fieldlink.testsupport.WithS3;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Artifacts on a real S3 endpoint (S3Proxy of test-support, which checks SigV4 signatures and the expiry of
 * presigned URLs): the bucket is created at startup, an upload is listed with its SHA-256 and size, a presigned URL
 * downloads the exact bytes without credentials, and one that has expired is refused by S3.
 */
@WithKafka
@WithS3
// the context holds S3 and Kafka clients of the shared test servers; do not cache it for other classes
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fieldlink.commands.registry.consumer-group=artifacts-it-${random.uuid}",
        "fieldlink.commands.artifacts.endpoint=${fieldlink.s3.endpoint}",
        "fieldlink.commands.artifacts.region=${fieldlink.s3.region}",
        "fieldlink.commands.artifacts.access-key=${fieldlink.s3.access-key}",
        "fieldlink.commands.artifacts.secret-key=${fieldlink.s3.secret-key}",
        "fieldlink.commands.artifacts.path-style-access=true",
        "fieldlink.commands.artifacts.bucket=artifacts-it",
        "fieldlink.commands.artifacts.create-bucket=true",
        "fieldlink.security.api-keys[0].id=artifacts-it-a",
        "fieldlink.security.api-keys[0].tenant=" + ArtifactsIT.TENANT_A,
        // printf %s registry-it-key-a | sha256sum
        "fieldlink.security.api-keys[0].sha256=50ebc11860c159d550eca643f71e2a496046c649d0ccbb9d264e7a430eb039b6",
        "fieldlink.security.api-keys[1].id=artifacts-it-b",
        "fieldlink.security.api-keys[1].tenant=OP0000000802",
        // printf %s registry-it-key-b | sha256sum
        "fieldlink.security.api-keys[1].sha256=d5cb19ac1e71b536bca026dad71eb65cf8e98195eddcd41715753993c9f1d7db"})
class ArtifactsIT {

    static final String TENANT_A = "OP0000000801";
    static final String KEY_A = "registry-it-key-a";
    static final String KEY_B = "registry-it-key-b";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Artifacts artifacts;

    @Test
    void anUploadIsListedWithItsHashAndAPresignedUrlDownloadsTheExactBytes() throws Exception {
        byte[] firmware = new byte[1_500_000];
        new Random(42).nextBytes(firmware);
        String sha256 = HexFormat.of().formatHex(StagedFile.sha256Digest().digest(firmware));

        HttpResponse<String> created = upload("name=sprinkler-fw&version=1.4.2&kind=firmware", firmware);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode artifact = JSON.readTree(created.body());
        String id = artifact.path("id").asString();
        assertThat(created.headers().firstValue("Location")).contains("/v1/artifacts/" + id);
        assertThat(artifact.path("sha256").asString()).isEqualTo(sha256);

        JsonNode listed = JSON.readTree(new ServiceHttp(port).get("/v1/artifacts", KEY_A).body()).path("items").path(0);
        assertThat(listed.path("id").asString()).isEqualTo(id);
        assertThat(listed.path("sha256").asString()).isEqualTo(sha256);
        assertThat(listed.path("size").asLong()).isEqualTo(firmware.length);
        assertThat(listed.path("name").asString()).isEqualTo("sprinkler-fw");
        assertThat(listed.path("version").asString()).isEqualTo("1.4.2");
        assertThat(new ServiceHttp(port).get("/v1/artifacts/" + id, KEY_A).statusCode()).isEqualTo(200);
        assertThat(new ServiceHttp(port).get("/v1/artifacts/" + id, KEY_B).statusCode()).isEqualTo(404);

        HttpResponse<String> presigned = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/artifacts/" + id + "/download-url"))
                .header("Authorization", "Bearer " + KEY_A).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(presigned.statusCode()).isEqualTo(200);
        JsonNode url = JSON.readTree(presigned.body());
        assertThat(url.path("sha256").asString()).isEqualTo(sha256);
        assertThat(url.path("size").asLong()).isEqualTo(firmware.length);
        assertThat(Instant.parse(url.path("expiresAt").asString()))
                .isBetween(Instant.now().plusSeconds(14 * 60), Instant.now().plusSeconds(15 * 60));

        // no credentials: the URL alone is enough
        HttpResponse<byte[]> download = download(URI.create(url.path("url").asString()));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(firmware);
        assertThat(HexFormat.of().formatHex(StagedFile.sha256Digest().digest(download.body()))).isEqualTo(sha256);
    }

    @Test
    void aPresignedUrlThatHasExpiredIsRefusedByS3() throws Exception {
        HttpResponse<String> created = upload("name=leaf-model&version=7&kind=model", new byte[]{1, 2, 3});
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asString();

        DownloadUrl shortLived = artifacts.presignedDownload(TENANT_A, id, Duration.ofSeconds(2));
        // valid at first (signed at the start of the current second: at least one second left) ...
        assertThat(download(shortLived.url()).statusCode()).isEqualTo(200);
        // ... and refused once expired; the signature is otherwise unchanged, so expiry is what S3 refuses
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> download(shortLived.url()).statusCode() == 403);
        assertThat(new String(download(shortLived.url()).body())).containsIgnoringCase("AccessDenied");
    }

    private HttpResponse<String> upload(String query, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/artifacts?" + query))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + KEY_A)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
