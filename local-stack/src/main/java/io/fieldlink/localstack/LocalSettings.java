package io.fieldlink.localstack;

import io.fieldlink.testsupport.FreePorts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the local mode can be told, read from environment variables with the documented
 * defaults (README, "Run locally"). Local only: the secrets here are well known on purpose.
 */
record LocalSettings(
        Path home,
        Path repositoryRoot,
        String tenant,
        String beamCredentialId,
        String beamPsk,
        String apiKey,
        String funnelToken,
        int dashboardPort,
        int ingestPort,
        int rulesPort,
        int commandPort,
        int kafkaPort,
        int kafkaControllerPort,
        int openSearchPort,
        int mqttPort,
        int s3Port,
        int smtpPort,
        int lwm2mPort,
        int lwm2mSecurePort,
        String lwm2mPskMaster,
        int simulatedDevices,
        Duration simulatorInterval,
        Duration startTimeout,
        boolean heatSpell,
        String farmerEmail) {

    static LocalSettings fromEnvironment(Map<String, String> env) {
        return new LocalSettings(
                Path.of(env.getOrDefault("FIELDLINK_HOME", ".fieldlink")).toAbsolutePath().normalize(),
                Path.of(env.getOrDefault("FIELDLINK_REPO", ".")).toAbsolutePath().normalize(),
                env.getOrDefault("FIELDLINK_TENANT", "OP0000000001"),
                env.getOrDefault("FIELDLINK_BEAM_CREDENTIAL", "local"),
                env.getOrDefault("FIELDLINK_BEAM_PSK", "local-beam-psk"),
                env.getOrDefault("FIELDLINK_API_KEY", "local-dev-key"),
                env.getOrDefault("FIELDLINK_FUNNEL_TOKEN", "local-funnel-token"),
                port(env, "FIELDLINK_DASHBOARD_PORT", 8080),
                port(env, "FIELDLINK_INGEST_PORT", 8081),
                port(env, "FIELDLINK_RULES_PORT", 8082),
                port(env, "FIELDLINK_COMMAND_PORT", 8083),
                port(env, "FIELDLINK_KAFKA_PORT", 9092),
                port(env, "FIELDLINK_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "FIELDLINK_OPENSEARCH_PORT", 9200),
                port(env, "FIELDLINK_MQTT_PORT", 1883),
                port(env, "FIELDLINK_S3_PORT", 9000),
                port(env, "FIELDLINK_SMTP_PORT", 2525),
                // UDP: CoAP and DTLS of command-service's LwM2M server
                udpPort(env, "FIELDLINK_LWM2M_PORT", 5683),
                udpPort(env, "FIELDLINK_LWM2M_DTLS_PORT", 5684),
                // hex of "local-lwm2m-master-psk": derives each simulated device's DTLS key
                env.getOrDefault("FIELDLINK_LWM2M_PSK_MASTER", "6c6f63616c2d6c776d326d2d6d61737465722d70736b"),
                Integer.parseInt(env.getOrDefault("FIELDLINK_SIM_DEVICES", "10")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("FIELDLINK_SIM_INTERVAL_SECONDS", "5"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("FIELDLINK_START_TIMEOUT_SECONDS", "180"))),
                !"off".equalsIgnoreCase(env.getOrDefault("FIELDLINK_HEAT_SPELL", "on")),
                env.getOrDefault("FIELDLINK_FARMER_EMAIL", "farmer@fieldlink.local"));
    }

    /** A UDP port from the environment (1 to 65535: the simulator must know it before the server binds it). */
    private static int udpPort(Map<String, String> env, String name, int defaultPort) {
        int port = Integer.parseInt(env.getOrDefault(name, Integer.toString(defaultPort)));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a UDP port, was " + port);
        }
        return port;
    }

    /** A port from the environment; 0 picks a free one now, so every later user sees the same number. */
    private static int port(Map<String, String> env, String name, int defaultPort) {
        int port = Integer.parseInt(env.getOrDefault(name, Integer.toString(defaultPort)));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a TCP port (0 = any free port), was " + port);
        }
        return FreePorts.resolve(port);
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String rulesUri() {
        return "http://127.0.0.1:" + rulesPort;
    }

    /** The local MQTT broker, as the ingest edge and the simulated sprinklers use it. */
    URI mqttUri() {
        return URI.create("tcp://127.0.0.1:" + mqttPort);
    }

    /** command-service's LwM2M server over DTLS, as the simulated LwM2M devices use it. */
    URI lwm2mSecureUri() {
        return URI.create("coaps://127.0.0.1:" + lwm2mSecurePort);
    }

    String openSearchUri() {
        return "http://127.0.0.1:" + openSearchPort;
    }

    @Override
    public String toString() {
        // the PSK and API key stay out of any log line
        return "LocalSettings[home=" + home + ", tenant=" + tenant + "]";
    }
}
