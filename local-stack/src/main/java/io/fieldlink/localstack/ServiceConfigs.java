package io.fieldlink.localstack;

import io.fieldlink.testsupport.S3Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes each service's local configuration into {@code <home>/config}: loopback addresses, the
 * fixed local ports, the local API key (stored hashed, as in production), the Beam PSK, and MQTT
 * ingest from the local broker (devices publish to {@code tenants/<tenant>/devices/<imsi>/telemetry}). Files,
 * not command-line arguments, so secrets do not show in the process list.
 */
final class ServiceConfigs {

    private final LocalSettings settings;
    private final Path dir;

    ServiceConfigs(LocalSettings settings) {
        this.settings = settings;
        this.dir = settings.home().resolve("config");
    }

    Path ingest() throws IOException {
        return write("ingest-service", settings.ingestPort(), """
                fieldlink:
                  ingest:
                    topic-partitions: %d
                    beam:
                      credentials:
                        - id: "%s"
                          tenant: "%s"
                          psk: "%s"
                    funnel:
                      tokens:
                        - id: local
                          tenant: "%s"
                          sha256: "%s"
                    mqtt:
                      enabled: true
                      url: "%s"
                      client-id: local-ingest
                    lwm2m:
                      enabled: true
                """.formatted(LocalStack.TOPIC_PARTITIONS, settings.beamCredentialId(), settings.tenant(), settings.beamPsk(),
                settings.tenant(), sha256Hex(settings.funnelToken()), settings.mqttUri()));
    }

    Path dashboard() throws IOException {
        return write("dashboard-api", settings.dashboardPort(), """
                opensearch:
                  uris: "%s"
                fieldlink:
                  dashboard:
                    index:
                      replicas: 0
                    upstreams:
                      commands-url: "http://127.0.0.1:%d"
                      rules-url: "http://127.0.0.1:%d"
                """.formatted(settings.openSearchUri(), settings.commandPort(), settings.rulesPort()));
    }

    Path rules() throws IOException {
        return write("rules-service", settings.rulesPort(), """
                spring:
                  mail:
                    host: 127.0.0.1
                    port: %d
                fieldlink:
                  rules:
                    dashboard-url: "http://127.0.0.1:%d/"
                    streams:
                      state-dir: "%s"
                    email:
                      from: "fieldlink@fieldlink.local"
                """.formatted(settings.smtpPort(), settings.dashboardPort(),
                settings.home().resolve("data").resolve("rules-streams")));
    }

    /**
     * Commands go to the simulated sprinklers over the local broker, or over LwM2M to the same devices (DTLS, keys
     * derived from the local master key); artifacts to the local S3. The LwM2M server observes each sprinkler's
     * on/off state, which becomes the reading {@code sprinkler} (1/0): the temperature already arrives by Beam.
     */
    Path command() throws IOException {
        return write("command-service", settings.commandPort(), """
                fieldlink:
                  commands:
                    mqtt:
                      enabled: true
                      url: "%s"
                    lwm2m:
                      enabled: true
                      bind-address: 127.0.0.1
                      coap-port: %d
                      coaps-port: %d
                      psk-master-key: "%s"
                      default-tenant: "%s"
                      observe:
                        "[/3306/0/5850]": sprinkler
                    artifacts:
                      endpoint: "http://127.0.0.1:%d"
                      path-style-access: true
                      access-key: "%s"
                      secret-key: "%s"
                      create-bucket: true
                """.formatted(settings.mqttUri(), settings.lwm2mPort(), settings.lwm2mSecurePort(),
                settings.lwm2mPskMaster(), settings.tenant(), settings.s3Port(), S3Node.DEFAULT_ACCESS_KEY,
                S3Node.DEFAULT_SECRET_KEY));
    }

    private Path write(String service, int port, String specific) throws IOException {
        Files.createDirectories(dir);
        String common = """
                server:
                  address: 127.0.0.1
                  port: %d
                spring:
                  kafka:
                    bootstrap-servers: "%s"
                  cloud:
                    stream:
                      kafka:
                        binder:
                          brokers: "%s"
                fieldlink:
                  security:
                    api-keys:
                      - id: local-admin
                        sha256: "%s"
                        tenant: "%s"
                        roles: [admin]
                """.formatted(port, settings.kafkaBootstrap(), settings.kafkaBootstrap(),
                sha256Hex(settings.apiKey()), settings.tenant());
        Path file = dir.resolve(service + ".yml");
        Files.writeString(file, "---\n" + common + "---\n" + specific, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
        return file;
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
