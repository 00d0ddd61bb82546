package io.fieldlink.testsupport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JUnit 5 extension with a real S3 endpoint ({@link S3Node}, S3Proxy, filesystem store) for the
 * whole test JVM. Sets {@code fieldlink.s3.endpoint}, {@code fieldlink.s3.access-key},
 * {@code fieldlink.s3.secret-key} and {@code fieldlink.s3.region=us-east-1}.
 *
 * <p>Use {@link WithS3 @WithS3} (or {@code @ExtendWith(S3Extension.class)}) on the test class, next to
 * {@code @SpringBootTest}. The server is started once per test JVM and stopped at the end of the
 * run; {@link #node()} gives tests access to it.
 */
public final class S3Extension extends NodeExtension<S3Node> {

    /** The running node; fails when no test class with {@code @WithS3} has started it. */
    public static S3Node node() {
        return running(S3Extension.class, S3Node.class, "@WithS3");
    }

    /** The system properties this extension sets, for the running node. */
    public static Map<String, String> properties() {
        return new S3Extension().properties(node());
    }

    @Override
    protected S3Node startNode(Path dataDir) {
        return new S3Node(dataDir, 0).start();
    }

    @Override
    protected String name() {
        return "s3";
    }

    @Override
    protected Map<String, String> properties(S3Node node) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("fieldlink.s3.endpoint", node.endpoint());
        props.put("fieldlink.s3.access-key", node.accessKey());
        props.put("fieldlink.s3.secret-key", node.secretKey());
        props.put("fieldlink.s3.region", node.region());
        return props;
    }
}
