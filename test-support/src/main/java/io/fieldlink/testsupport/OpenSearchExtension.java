package io.fieldlink.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JUnit 5 extension with a real OpenSearch node ({@link OpenSearchNode}, child JVM) for the whole
 * test JVM. Sets {@code opensearch.uris=http://127.0.0.1:<port>}.
 *
 * <p>Use {@link WithOpenSearch @WithOpenSearch} (or {@code @ExtendWith(OpenSearchExtension.class)}) on the test class, next to
 * {@code @SpringBootTest}. The server is started once per test JVM and stopped at the end of the
 * run; {@link #node()} gives tests access to it.
 */
public final class OpenSearchExtension extends NodeExtension<OpenSearchNode> {

    /** The running node; fails when no test class with {@code @WithOpenSearch} has started it. */
    public static OpenSearchNode node() {
        return running(OpenSearchExtension.class, OpenSearchNode.class, "@WithOpenSearch");
    }

    /** The system properties this extension sets, for the running node. */
    public static Map<String, String> properties() {
        return new OpenSearchExtension().properties(node());
    }

    @Override
    protected OpenSearchNode startNode(Path dataDir) {
        List<String> jvmArgs = new ArrayList<>(OpenSearchNode.DEFAULT_JVM_ARGS);
        jvmArgs.add("-XX:TieredStopAtLevel=1"); // C1 only: faster start-up for short test runs
        return new OpenSearchNode(dataDir, 0).withJvmArgs(jvmArgs).start();
    }

    @Override
    protected String name() {
        return "opensearch";
    }

    @Override
    protected Map<String, String> properties(OpenSearchNode node) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("opensearch.uris", node.uri());
        return props;
    }
}
