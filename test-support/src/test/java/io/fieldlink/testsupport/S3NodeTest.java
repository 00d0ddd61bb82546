package io.fieldlink.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class S3NodeTest {

    private final Path dataDir = DataDirs.newTempDir("s3-node-test");
    private S3Node node;

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close();
        }
        DataDirs.deleteRecursively(dataDir);
    }

    @Test
    void putGetPresignedGetAndDataSurvivesARestart() throws Exception {
        node = new S3Node(dataDir, 0).start();
        assertThat(node.endpoint()).isEqualTo("http://127.0.0.1:" + node.port());

        try (S3Client s3 = client(node, node.accessKey(), node.secretKey())) {
            s3.createBucket(b -> b.bucket("models"));
            s3.putObject(b -> b.bucket("models").key("rcf/dev-1.bin").contentType("application/octet-stream"),
                    RequestBody.fromString("model-bytes"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("models").key("rcf/dev-1.bin")).asUtf8String())
                    .isEqualTo("model-bytes");
            assertThat(s3.listObjectsV2(b -> b.bucket("models")).contents()).hasSize(1);
        }

        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.of(node.region()))
                .credentialsProvider(credentials(node.accessKey(), node.secretKey()))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            String url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("models").key("rcf/dev-1.bin"))).url().toString();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("model-bytes");

            String tampered = url.replaceFirst("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=x");
            HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forbidden.statusCode()).isEqualTo(403);
        }

        try (S3Client wrongSecret = client(node, node.accessKey(), "not-the-secret")) {
            assertThatThrownBy(() -> wrongSecret.listBuckets()).isInstanceOf(S3Exception.class);
        }

        node.stop();
        node = new S3Node(dataDir, node.port()).start();
        try (S3Client s3 = client(node, node.accessKey(), node.secretKey())) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("models").key("rcf/dev-1.bin")).asUtf8String())
                    .isEqualTo("model-bytes");
        }
    }

    static S3Client client(S3Node node, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.of(node.region()))
                .forcePathStyle(true)
                .credentialsProvider(credentials(accessKey, secretKey))
                .build();
    }

    private static StaticCredentialsProvider credentials(String accessKey, String secretKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
