package io.fieldlink.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Downloads a firmware or model package with one HTTP GET and verifies it: the body is streamed through SHA-256
 * (never held in memory whole) into a file or nowhere, and stops once it exceeds the size limit. A simulated device
 * keeps nothing, so {@link #download(URI, String)} discards the bytes; {@link #downloadTo} keeps them.
 * Thread-safe; one {@link HttpClient} for all devices.
 */
final class PackageDownloader {

    static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int BUFFER = 64 * 1024;
    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");

    private final HttpClient http;
    private final long maxBytes;

    PackageDownloader(HttpClient http, long maxBytes) {
        this.http = Objects.requireNonNull(http, "http");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** A downloader with its own HTTP/1.1 client and the default limit of 512 MiB. */
    static PackageDownloader create() {
        return new PackageDownloader(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build(), DEFAULT_MAX_BYTES);
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Downloads {@code url} and discards the bytes; {@code expectedSha256} (lowercase hex) or null to only hash. */
    DownloadOutcome download(URI url, String expectedSha256) {
        return fetch(url, expectedSha256, null);
    }

    /** Downloads {@code url} into {@code target} (replaced; deleted again when the download fails). */
    DownloadOutcome downloadTo(URI url, String expectedSha256, Path target) {
        DownloadOutcome outcome = fetch(url, expectedSha256, Objects.requireNonNull(target, "target"));
        if (!outcome.ok()) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                // the outcome already says it failed
            }
        }
        return outcome;
    }

    private DownloadOutcome fetch(URI url, String expectedSha256, Path target) {
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !HTTP_SCHEMES.contains(url.getScheme().toLowerCase(Locale.ROOT))) {
            return DownloadOutcome.failure(DownloadOutcome.Failure.INVALID_URL, 0, "invalid url");
        }
        URI withoutFragment = stripFragment(url);
        HttpRequest request = HttpRequest.newBuilder(withoutFragment).timeout(TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return DownloadOutcome.failure(DownloadOutcome.Failure.IO_ERROR, 0, "download failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DownloadOutcome.failure(DownloadOutcome.Failure.IO_ERROR, 0, "download interrupted");
        } catch (IllegalArgumentException e) {
            return DownloadOutcome.failure(DownloadOutcome.Failure.INVALID_URL, 0, "invalid url");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                body.transferTo(OutputStream.nullOutputStream()); // let the connection be reused
                return DownloadOutcome.failure(DownloadOutcome.Failure.HTTP_STATUS, response.statusCode(),
                        "download failed: HTTP " + response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                return DownloadOutcome.failure(DownloadOutcome.Failure.TOO_LARGE, 200,
                        "package too large: " + declared + " bytes, at most " + maxBytes);
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (OutputStream out = target == null ? OutputStream.nullOutputStream() : Files.newOutputStream(target)) {
                byte[] buffer = new byte[BUFFER];
                for (int read; (read = body.read(buffer)) >= 0; ) {
                    size += read;
                    if (size > maxBytes) {
                        return DownloadOutcome.failure(DownloadOutcome.Failure.TOO_LARGE, 200,
                                "package too large: more than " + maxBytes + " bytes");
                    }
                    sha256.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
                return new DownloadOutcome(DownloadOutcome.Failure.INTEGRITY, 200, size, actual,
                        "integrity check failed: expected " + expectedSha256.toLowerCase(Locale.ROOT) + " got " + actual);
            }
            return new DownloadOutcome(null, 200, size, actual, null);
        } catch (IOException e) {
            return DownloadOutcome.failure(DownloadOutcome.Failure.IO_ERROR, response.statusCode(), "download failed: " + e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The fragment carries what the device verifies (docs/commands.md); it is never part of the request. */
    static URI stripFragment(URI url) {
        String text = url.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? url : URI.create(text.substring(0, hash));
    }
}
