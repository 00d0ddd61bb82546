package io.fieldlink.command.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload copied to a temporary file while its SHA-256 is computed: artifacts of hundreds of MB never sit in
 * memory, and S3 gets a body of known length (a single PUT, retried by the SDK from the file).
 *
 * @param file   the temporary file; {@link #close()} deletes it
 * @param size   bytes
 * @param sha256 lower-case hex
 */
record StagedFile(Path file, long size, String sha256) implements AutoCloseable {

    /** Thrown when the body has more than the allowed bytes; the partial file is already deleted. */
    static final class TooLargeException extends IOException {
        TooLargeException(long maxSize) {
            super("more than " + maxSize + " bytes");
        }
    }

    /** Copies {@code body} to a temporary file, reading at most {@code maxSize + 1} bytes. */
    static StagedFile stage(InputStream body, long maxSize) throws IOException {
        MessageDigest digest = sha256Digest();
        Path file = Files.createTempFile("fieldlink-artifact-", ".upload");
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = body.read(buffer)) != -1) {
                size += read;
                if (size > maxSize) {
                    throw new TooLargeException(maxSize);
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new StagedFile(file, size, HexFormat.of().formatHex(digest.digest()));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
