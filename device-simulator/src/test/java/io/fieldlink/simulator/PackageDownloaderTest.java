package io.fieldlink.simulator;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a JDK HttpServer on a free port: a plain HTTP file server is all the downloader talks to. */
class PackageDownloaderTest {

    static final byte[] PACKAGE = "potato-model-v2 weights".repeat(1000).getBytes(StandardCharsets.UTF_8);
    static final String SHA256 = sha256(PACKAGE);

    private HttpServer server;
    private final List<String> requested = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pkg", exchange -> {
            requested.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, PACKAGE.length);
            exchange.getResponseBody().write(PACKAGE);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // no Content-Length: the limit must hold while streaming
            exchange.getResponseBody().write(PACKAGE);
            exchange.close();
        });
        server.createContext("/expired", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static PackageDownloader downloader(long maxBytes) {
        return new PackageDownloader(HttpClient.newHttpClient(), maxBytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMatchingPackageIsOkWithSizeAndHashAndTheFragmentIsNotSent() {
        DownloadOutcome outcome = downloader(1 << 20).download(url("/pkg?X-Amz-Signature=abc#sha256=" + SHA256), SHA256);

        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.size()).isEqualTo(PACKAGE.length);
        assertThat(outcome.sha256()).isEqualTo(SHA256);
        assertThat(requested).containsExactly("/pkg?X-Amz-Signature=abc");
    }

    @Test
    void intoAFileKeepsTheBytes(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.bin");
        DownloadOutcome outcome = downloader(1 << 20).downloadTo(url("/pkg"), SHA256, target);

        assertThat(outcome.ok()).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(PACKAGE);
    }

    @Test
    void aWrongHashIsAnIntegrityFailureAndLeavesNoFile(@TempDir Path dir) {
        String wrong = "0".repeat(64);
        Path target = dir.resolve("model.bin");
        DownloadOutcome outcome = downloader(1 << 20).downloadTo(url("/pkg"), wrong, target);

        assertThat(outcome.failure()).isEqualTo(DownloadOutcome.Failure.INTEGRITY);
        assertThat(outcome.detail()).isEqualTo("integrity check failed: expected " + wrong + " got " + SHA256);
        assertThat(target).doesNotExist();
    }

    @Test
    void aStatusOtherThan200IsAnHttpFailure() {
        DownloadOutcome outcome = downloader(1 << 20).download(url("/expired"), SHA256);

        assertThat(outcome.failure()).isEqualTo(DownloadOutcome.Failure.HTTP_STATUS);
        assertThat(outcome.httpStatus()).isEqualTo(403);
        assertThat(outcome.detail()).isEqualTo("download failed: HTTP 403");
    }

    @Test
    void aPackageOverTheLimitIsRefusedWithOrWithoutContentLength() {
        assertThat(downloader(100).download(url("/pkg"), SHA256).failure()).isEqualTo(DownloadOutcome.Failure.TOO_LARGE);
        assertThat(downloader(100).download(url("/chunked"), SHA256).failure()).isEqualTo(DownloadOutcome.Failure.TOO_LARGE);
        assertThat(downloader(PACKAGE.length).download(url("/chunked"), SHA256).ok()).isTrue();
    }

    @Test
    void noServerIsAnIoErrorAndANonHttpUrlIsInvalid() {
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThat(downloader(100).download(URI.create("http://127.0.0.1:" + port + "/pkg"), SHA256).failure())
                .isEqualTo(DownloadOutcome.Failure.IO_ERROR);
        assertThat(downloader(100).download(URI.create("ftp://127.0.0.1/pkg"), SHA256).failure())
                .isEqualTo(DownloadOutcome.Failure.INVALID_URL);
    }
}
