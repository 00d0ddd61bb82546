package io.fieldlink.dashboard.query;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The blocking transport over TLS, against the JDK's HTTPS server with a certificate made by the JDK's keytool: the
 * answer comes through, and a certificate for another host name is refused (HTTPS host name verification).
 */
class BlockingSearchTransportTlsTest {

    private static final SearchTransport.BodyReader<String> TEXT =
            body -> new String(body.readAllBytes(), StandardCharsets.UTF_8);

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @Test
    void talksTlsToANodeWhoseCertificateNamesIt() throws Exception {
        KeyStore keys = certificate("ip:127.0.0.1");
        HttpsServer server = server(keys);
        try (var transport = new BlockingSearchTransport(List.of(URI.create("https://127.0.0.1:"
                + server.getAddress().getPort())), null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(5),
                trusting(keys))) {
            for (int i = 0; i < 2; i++) {
                assertThat(transport.msearch("responses.status", "{}\n".getBytes(StandardCharsets.UTF_8),
                        TEXT)).isEqualTo("{\"responses\":[]}");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void refusesACertificateForAnotherHost() throws Exception {
        KeyStore keys = certificate("dns:other.example");
        HttpsServer server = server(keys);
        try (var transport = new BlockingSearchTransport(List.of(URI.create("https://127.0.0.1:"
                + server.getAddress().getPort())), null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(5),
                trusting(keys))) {
            assertThatThrownBy(() -> transport.msearch("responses.status", new byte[0], InputStream::readAllBytes))
                    .isInstanceOf(SSLHandshakeException.class);
        } finally {
            server.stop(0);
        }
    }

    /** A key pair and self-signed certificate with the given subject alternative name, made by keytool. */
    private KeyStore certificate(String subjectAlternativeName) throws Exception {
        Path store = dir.resolve("node-" + subjectAlternativeName.replaceAll("\\W", "_") + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "node", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=node", "-ext", "SAN=" + subjectAlternativeName,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static HttpsServer server(KeyStore keys) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"responses\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A client context that trusts the node's certificate alone. */
    private static SSLContext trusting(KeyStore keys) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("node", keys.getCertificate("node"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
