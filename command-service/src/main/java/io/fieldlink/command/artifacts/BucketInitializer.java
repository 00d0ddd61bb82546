package io.fieldlink.command.artifacts;

import io.fieldlink.command.CommandProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Creates the artifact bucket when {@code create-bucket} is on (local and test setups). One attempt before the
 * service reports ready, so a healthy local S3 has the bucket before the first upload; when S3 does not answer
 * the service goes ready anyway (commands and devices do not need S3) and the attempt is repeated in the
 * background every 10 seconds until it succeeds.
 */
final class BucketInitializer implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BucketInitializer.class);
    private static final long RETRY_MILLIS = 10_000;

    private final ObjectStorage storage;
    private final CommandProperties.Artifacts settings;
    private volatile Thread retries;

    BucketInitializer(ObjectStorage storage, CommandProperties.Artifacts settings) {
        this.storage = storage;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!settings.createBucket() || tryOnce(true)) {
            return;
        }
        retries = Thread.ofVirtual().name("artifact-bucket").start(() -> {
            try {
                do {
                    Thread.sleep(RETRY_MILLIS);
                } while (!tryOnce(false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private boolean tryOnce(boolean first) {
        try {
            storage.ensureBucket();
            log.info("Artifact bucket {} is there", settings.bucket());
            return true;
        } catch (RuntimeException e) {
            if (first) {
                log.warn("Artifact bucket {} could not be checked or created; retrying every {} s: {}",
                        settings.bucket(), RETRY_MILLIS / 1000, e.toString());
            } else {
                log.debug("Artifact bucket {} still not created", settings.bucket(), e);
            }
            return false;
        }
    }

    @Override
    public void close() {
        Thread thread = retries;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
