package io.fieldlink.command.artifacts;

import io.fieldlink.command.CommandProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Clock;

/** The S3 client and presigner of {@code fieldlink.commands.artifacts.*}, the artifact store on them. */
@Configuration(proxyBeanMethods = false)
class ArtifactsConfiguration {

    @Bean(destroyMethod = "close")
    S3Client artifactsS3Client(CommandProperties properties) {
        CommandProperties.Artifacts settings = properties.artifacts();
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyleAccess())
                // the SDK's default CRC checksums on every request are not understood by every S3-compatible store;
                // integrity is ours anyway: the SHA-256 computed on upload travels with the object
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    S3Presigner artifactsS3Presigner(CommandProperties properties) {
        CommandProperties.Artifacts settings = properties.artifacts();
        var builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyleAccess()).build());
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }

    @Bean
    ObjectStorage artifactObjectStorage(S3Client artifactsS3Client, S3Presigner artifactsS3Presigner,
                                        CommandProperties properties) {
        return new S3ObjectStorage(artifactsS3Client, artifactsS3Presigner, properties.artifacts().bucket());
    }

    @Bean
    Artifacts artifacts(ObjectStorage artifactObjectStorage, CommandProperties properties, ObjectProvider<Clock> clock) {
        return new Artifacts(artifactObjectStorage, properties.artifacts(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean(destroyMethod = "close")
    BucketInitializer artifactBucketInitializer(ObjectStorage artifactObjectStorage, CommandProperties properties) {
        return new BucketInitializer(artifactObjectStorage, properties.artifacts());
    }

    private static AwsCredentialsProvider credentials(CommandProperties.Artifacts settings) {
        if (settings.accessKey().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }
}
