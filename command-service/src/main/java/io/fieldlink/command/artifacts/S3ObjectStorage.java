package io.fieldlink.command.artifacts;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ObjectStorage} on S3 (or an S3-compatible store) with the AWS SDK v2. */
final class S3ObjectStorage implements ObjectStorage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    S3ObjectStorage(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, Path file, long size, String contentType, Map<String, String> metadata) {
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType).contentLength(size)
                    .metadata(metadata), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(key));
            return Optional.of(new StoredObject(head.contentLength(), head.contentType(), head.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD has no body, so a missing key is a bare 404 rather than NoSuchKey
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<String> keys(String prefix) {
        try {
            return s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public URI presignGet(String key, Duration expiry) {
        try {
            return URI.create(presigner.presignGetObject(presign -> presign.signatureDuration(expiry)
                    .getObjectRequest(get -> get.bucket(bucket).key(key))).url().toString());
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void ensureBucket() {
        try {
            s3.headBucket(head -> head.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(create -> create.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(create -> create.bucket(bucket));
        }
    }

    private static RuntimeException unavailable(SdkException e) {
        RuntimeException problem = ArtifactProblems.storageUnavailable();
        problem.initCause(e);
        return problem;
    }
}
