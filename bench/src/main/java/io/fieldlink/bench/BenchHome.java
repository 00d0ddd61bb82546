package io.fieldlink.bench;

import io.fieldlink.testsupport.DataDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's temporary home and what it started there: servers and service processes are closed in the
 * order they are listed (services first: add them with {@link #addFirst}), then the folder is deleted.
 */
final class BenchHome implements AutoCloseable {

    private final Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();

    BenchHome(String name) {
        this.dir = DataDirs.newTempDir(name);
    }

    Path dir() {
        return dir;
    }

    <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    <T extends AutoCloseable> T addFirst(T resource) {
        resources.addFirst(resource);
        return resource;
    }

    /**
     * Writes a service's configuration file: the settings every benchmarked service shares (loopback address,
     * port, Kafka, quiet logs) as one YAML document, the service's own as a second.
     */
    Path serviceConfig(String fileName, int port, String kafka, String specific) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        Files.writeString(file, """
                server:
                  address: 127.0.0.1
                  port: %d
                spring:
                  kafka:
                    bootstrap-servers: "%s"
                logging:
                  structured.format.console: ""
                  level:
                    root: WARN
                ---
                """.formatted(port, kafka) + specific);
        return file;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        DataDirs.deleteRecursively(dir);
    }
}
