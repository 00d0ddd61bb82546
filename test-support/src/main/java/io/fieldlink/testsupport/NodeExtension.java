package io.fieldlink.testsupport;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the server extensions: starts the node once per test JVM (kept in the root
 * {@link ExtensionContext} store as an {@link AutoCloseable}, so JUnit stops it and deletes its
 * temporary data directory when the whole run ends) and publishes its address as system properties
 * before Spring's extension builds the application context.
 *
 * <p>The node is started in {@code beforeAll} and, for {@code @TestInstance(PER_CLASS)} classes whose
 * instance (and Spring context) is created before {@code beforeAll}, already before the test instance
 * is constructed. A node that a test stopped (e.g. {@link KafkaNode#stop()}) is started again for the
 * next test class.
 */
abstract class NodeExtension<N extends ServerNode> implements BeforeAllCallback, TestInstancePreConstructCallback {

    private static final Logger log = LoggerFactory.getLogger(NodeExtension.class);
    private static final Namespace NAMESPACE = Namespace.create(NodeExtension.class.getName());
    private static final Map<Class<?>, ServerNode> RUNNING = new ConcurrentHashMap<>();

    /** Starts a new node in {@code dataDir}, on a free port. */
    protected abstract N startNode(Path dataDir);

    /** Short name, used for the data directory prefix. */
    protected abstract String name();

    /** The system properties that tell the application where the node is. */
    protected abstract Map<String, String> properties(N node);

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureStarted(context);
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        ensureStarted(context);
    }

    @SuppressWarnings("unchecked")
    private void ensureStarted(ExtensionContext context) {
        Started<N> started = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(getClass(), key -> start(), Started.class);
        if (!started.node.isRunning()) {
            log.info("Restarting {} that a test left stopped", started.node);
            started.node.start();
        }
        properties(started.node).forEach(System::setProperty);
    }

    private Started<N> start() {
        Path dataDir = DataDirs.newTempDir(name());
        try {
            N node = startNode(dataDir);
            RUNNING.put(getClass(), node);
            return new Started<>(getClass(), node, dataDir, properties(node));
        } catch (RuntimeException | Error e) {
            DataDirs.deleteRecursively(dataDir);
            throw e;
        }
    }

    /** The node started by extension {@code extension}; fails when the extension is not active. */
    static <T extends ServerNode> T running(Class<? extends NodeExtension<T>> extension, Class<T> type,
            String annotation) {
        ServerNode node = RUNNING.get(extension);
        if (node == null) {
            throw new IllegalStateException("No " + type.getSimpleName() + " is running: annotate the test class with "
                    + annotation + " (or @ExtendWith(" + extension.getSimpleName() + ".class))");
        }
        return type.cast(node);
    }

    /** What is kept in the root store; closed by JUnit at the end of the run. */
    private record Started<N extends ServerNode>(Class<?> extension, N node, Path dataDir,
            Map<String, String> properties) implements AutoCloseable {

        @Override
        public void close() {
            RUNNING.remove(extension, node);
            try {
                node.close();
            } finally {
                properties.forEach((key, value) -> {
                    if (value.equals(System.getProperty(key))) {
                        System.clearProperty(key);
                    }
                });
                try {
                    DataDirs.deleteRecursively(dataDir);
                } catch (RuntimeException e) {
                    log.warn("Cannot delete {}", dataDir, e);
                }
            }
        }
    }
}
