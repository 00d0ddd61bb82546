package io.fieldlink.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Data directories for the nodes: fresh temporary ones for tests, and recursive deletion. */
public final class DataDirs {

    private DataDirs() {
    }

    /**
     * The folder that holds the temporary node directories:
     * {@code ${java.io.tmpdir}/fieldlink-nodes}. The build points {@code java.io.tmpdir} of test
     * JVMs at the module's {@code target/} folder.
     */
    public static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "fieldlink-nodes").toAbsolutePath();
    }

    /** A new, empty directory {@code <tempRoot>/<prefix>-<random>}. */
    public static Path newTempDir(String prefix) {
        try {
            Path root = Files.createDirectories(tempRoot());
            return Files.createTempDirectory(root, prefix + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory under " + tempRoot(), e);
        }
    }

    /** Creates {@code dir} (and its parents) if needed and returns its absolute path. */
    public static Path ensure(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory " + dir, e);
        }
    }

    /** Deletes {@code dir} with everything below it; missing files are ignored. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
