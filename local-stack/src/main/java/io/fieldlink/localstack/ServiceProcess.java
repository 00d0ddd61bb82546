package io.fieldlink.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service of the suite running as a child JVM from its built jar, with its log in a folder.
 * Used by the local stack and by the benchmarks in {@code bench/}.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The local mode favours start-up time over peak throughput. */
    static final List<String> LOCAL_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
            "-Xmx512m");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code <module>/target/<module>-*-exec.jar} (Boot's runnable jar) with an extra config file (kept out of the command line). */
    public static ServiceProcess start(String module, int port, Path repositoryRoot, Path configFile, Path logDir,
                                       List<String> jvmOptions) throws IOException {
        Path jar = findJar(repositoryRoot.resolve(module).resolve("target"), module);
        Path log = logDir.resolve(module + ".log");
        Files.createDirectories(logDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--spring.config.additional-location=file:" + configFile));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ServiceProcess(module, port, log, process);
    }

    private static Path findJar(Path target, String module) throws IOException {
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException("No build of " + module + " in " + target + ": run ./mvnw -DskipTests package first");
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + module + " jar in " + target
                            + ": run ./mvnw -DskipTests package first"));
        }
    }

    /** Waits until the readiness probe answers 200, the process dies, or the deadline passes. */
    public void awaitReady(Instant deadline) throws InterruptedException {
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the port opens late in Spring Boot's start-up
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready in time; see " + log);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** SIGTERM (Spring shuts down gracefully), then a kill after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
