package io.fieldlink.testsupport;

import java.net.URI;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 endpoint (S3Proxy) in this JVM on {@code http://127.0.0.1:<port>}, objects stored as
 * files under {@code <dataDir>/s3/<bucket>/...} (kept across restarts), AWS signature V2/V4 with a
 * fixed access key and secret (defaults {@value #DEFAULT_ACCESS_KEY} / {@value #DEFAULT_SECRET_KEY}).
 * Clients must use path-style access and a region, e.g. {@value #REGION}.
 */
public final class S3Node implements ServerNode {

    private static final Logger log = LoggerFactory.getLogger(S3Node.class);

    public static final String DEFAULT_ACCESS_KEY = "fieldlink";
    public static final String DEFAULT_SECRET_KEY = "fieldlink-secret";
    public static final String REGION = "us-east-1";

    private final Path dataDir;
    private final int port;
    private String accessKey = DEFAULT_ACCESS_KEY;
    private String secretKey = DEFAULT_SECRET_KEY;
    private volatile S3Proxy proxy;
    private volatile BlobStore blobStore;

    /** An endpoint on {@code port} (0 = a free port, fixed for the lifetime of this object). */
    public S3Node(Path dataDir, int port) {
        this.dataDir = DataDirs.ensure(dataDir);
        this.port = FreePorts.resolve(port);
    }

    /** Creates and starts an endpoint with the default credentials. */
    public static S3Node start(Path dataDir, int port) {
        return new S3Node(dataDir, port).start();
    }

    /** Access key and secret the endpoint accepts (takes effect on the next start). */
    public synchronized S3Node withCredentials(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        return this;
    }

    /** Starts the endpoint (no-op when running). */
    public synchronized S3Node start() {
        if (proxy != null) {
            return this;
        }
        QuietLogging.quiet("org.gaul");
        long t0 = System.nanoTime();
        Path root = DataDirs.ensure(dataDir.resolve("s3"));
        BlobStore store = new FilesystemNio2BlobStore(root.toString());
        S3Proxy s3 = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            s3.start();
            if (!"STARTED".equals(s3.getState())) {
                throw new IllegalStateException("S3Proxy state is " + s3.getState());
            }
        } catch (Exception e) {
            stopQuietly(s3);
            throw new IllegalStateException("S3Proxy failed to start on " + endpoint() + " with data dir " + dataDir, e);
        }
        proxy = s3;
        blobStore = store;
        log.info("S3 (S3Proxy, filesystem store) started on {} in {} ms (data dir {})", endpoint(),
                (System.nanoTime() - t0) / 1_000_000, root);
        return this;
    }

    /** Stops the endpoint; the stored objects stay for a later start. */
    public synchronized void stop() {
        S3Proxy s3 = proxy;
        proxy = null;
        if (s3 == null) {
            return;
        }
        long t0 = System.nanoTime();
        stopQuietly(s3);
        BlobStore store = blobStore;
        blobStore = null;
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException e) {
                log.warn("Closing the S3 blob store failed", e);
            }
        }
        log.info("S3 on {} stopped in {} ms", endpoint(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return proxy != null;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return REGION;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates a bucket directly in the store (no-op when it exists). */
    public void createBucket(String bucket) {
        BlobStore store = blobStore;
        if (store == null) {
            throw new IllegalStateException("S3Node is not running");
        }
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
    }

    @Override
    public String toString() {
        return "S3Node[" + endpoint() + ", " + dataDir + (isRunning() ? ", running]" : ", stopped]");
    }

    private static void stopQuietly(S3Proxy s3) {
        try {
            s3.stop();
        } catch (Exception e) {
            log.warn("Stopping S3Proxy failed", e);
        }
    }
}
