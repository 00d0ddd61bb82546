package io.fieldlink.simulator;

import io.fieldlink.testsupport.S3Extension;
import io.fieldlink.testsupport.S3Node;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;

/**
 * The test package ({@link PackageDownloaderTest#PACKAGE}) in the embedded S3 of {@code @WithS3}, and presigned GET
 * URLs for it made as command-service makes them (AWS SDK v2 presigner, path-style).
 */
final class S3Packages implements AutoCloseable {

    static final String BUCKET = "sim-packages-it";
    static final String KEY = "models/potato-v2.bin";

    private final S3Client s3;
    private final S3Presigner presigner;

    private S3Packages(S3Client s3, S3Presigner presigner) {
        this.s3 = s3;
        this.presigner = presigner;
    }

    /** Connects to the running S3 node and stores the package (idempotent). */
    static S3Packages store() {
        S3Node node = S3Extension.node();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(node.accessKey(), node.secretKey()));
        S3Client s3 = S3Client.builder().region(Region.of(node.region())).credentialsProvider(credentials).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(URI.create(node.endpoint())).build();
        S3Presigner presigner = S3Presigner.builder().region(Region.of(node.region())).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .endpointOverride(URI.create(node.endpoint())).build();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        s3.putObject(p -> p.bucket(BUCKET).key(KEY), RequestBody.fromBytes(PackageDownloaderTest.PACKAGE));
        return new S3Packages(s3, presigner);
    }

    URI presigned(Duration expiry) {
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(expiry)
                .getObjectRequest(g -> g.bucket(BUCKET).key(KEY))).url().toString());
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
    }
}
