package io.fieldlink.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Main class of the child JVM started by {@link OpenSearchNode}: one OpenSearch node through
 * {@link OpenSearchRunner} with its files under a base path, resuming with the data already there.
 *
 * <p>Arguments: {@code <basePath> <clusterName> <httpPort> [<parentPid>]}. With a parent pid the
 * node exits (cleanly) when the parent process is gone, so no orphan is left behind even when the
 * parent is killed.
 */
public final class OpenSearchNodeMain {

    /** Printed to stdout once the node is started. */
    public static final String STARTED_MARKER = "FIELDLINK-OPENSEARCH-STARTED";

    private OpenSearchNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("Usage: OpenSearchNodeMain <basePath> <clusterName> <httpPort> [<parentPid>]");
            System.exit(2);
        }
        Path basePath = Path.of(args[0]).toAbsolutePath();
        String clusterName = args[1];
        int httpPort = Integer.parseInt(args[2]);
        long parentPid = args.length > 3 ? Long.parseLong(args[3]) : 0L;
        // the HTTP port was picked (and released) by the parent: the OS may hand the same one out again
        int transportPort = transportPortBesides(httpPort);

        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // do not probe ports, http.port is given below
        runner.onBuild((number, settings) -> {
            settings.put("node.name", "fieldlink-opensearch");
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(httpPort));
            settings.put("transport.port", String.valueOf(transportPort));
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.auto_create_index", true);
            // the node runs SerialGC (small heap, few cores), which collects only when the heap is full: the parent
            // circuit breaker's "real memory" measure then counts garbage, and tripped on the rollup job's
            // aggregations after bin/bench series loaded 10M readings into a 1 GiB heap. The parent breaker counts the
            // bytes its child breakers reserved instead.
            settings.put("indices.breaker.total.use_real_memory", false);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!runner.isClosed()) {
                    runner.close();
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("Closing OpenSearch failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "opensearch-node-shutdown"));

        if (parentPid > 0) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> {
                        System.err.println("Parent process " + parentPid + " is gone, stopping OpenSearch");
                        System.exit(0);
                    }),
                    () -> System.exit(0));
        }

        long t0 = System.nanoTime();
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(basePath.toString())
                .clusterName(clusterName)
                .numOfNode(1)
                .printOnFailure());
        System.out.println(STARTED_MARKER + " http://127.0.0.1:" + httpPort + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        System.out.flush();
        stopped.await();
    }

    private static int transportPortBesides(int httpPort) {
        int port = FreePorts.pick();
        while (port == httpPort) {
            port = FreePorts.pick();
        }
        return port;
    }
}
