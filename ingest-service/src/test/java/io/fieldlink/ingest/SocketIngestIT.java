package io.fieldlink.ingest;

import io.fieldlink.contracts.RecordHeaders;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.ingest.beam.BeamSignatureVerifier;
import io.fieldlink.ingest.telemetry.MessageIds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.fieldlink.ingest.IngestIntegrationTest.FUNNEL_TOKEN;
import static io.fieldlink.ingest.IngestIntegrationTest.HARVEST_DEVICE;
import static io.fieldlink.ingest.IngestIntegrationTest.PSK;
import static io.fieldlink.ingest.IngestIntegrationTest.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The socket entry points against a real broker on real sockets (free ports, read from the running
 * listeners): Harvest-style UDP and TCP, Beam TCP, and Funnel's base64 binary payloads.
 */
@IngestIntegrationTest
class SocketIngestIT {

    static final String BEAM_IMSI = "295000000023080";
    static final String BEAM_IMEI = "860000000023080";

    @LocalServerPort
    int httpPort;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Autowired
    @Qualifier("harvestUdpReceiver")
    UnicastReceivingChannelAdapter udpReceiver;
    @Autowired
    @Qualifier("harvestTcpConnectionFactory")
    TcpNetServerConnectionFactory harvestTcp;
    @Autowired
    @Qualifier("beamTcpConnectionFactory")
    TcpNetServerConnectionFactory beamTcp;

    TelemetryTopic telemetry;
    DeadLetterTopic deadLetters;

    @BeforeEach
    void setUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> udpReceiver.isListening() && harvestTcp.isListening()
                && beamTcp.isListening());
        telemetry = new TelemetryTopic(bootstrapServers);
        deadLetters = new DeadLetterTopic(bootstrapServers);
    }

    @AfterEach
    void tearDown() {
        telemetry.close();
        deadLetters.close();
    }

    // ---- Harvest-style UDP

    @Test
    void udpJsonDatagramIsPublishedUnderTheDeviceOfItsSourceAddress() throws IOException {
        String run = UUID.randomUUID().toString();
        Instant before = Instant.now();
        sendUdp(InetAddress.getLoopbackAddress(), ("{\"temperature\":21.5,\"run\":\"" + run + "\"}").getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, TelemetryReceived> record = telemetry.readUntil(e -> run.equals(e.attributes().get("run"))).stream()
                .filter(r -> run.equals(r.value().attributes().get("run"))).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo(HARVEST_DEVICE);
        TelemetryReceived event = record.value();
        assertThat(event.tenantId()).isEqualTo(TENANT);
        assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.UDP);
        assertThat(event.measurements()).containsEntry("temperature", 21.5);
        assertThat(event.eventTime()).isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void udpBinaryDatagramIsDecodedWithTheEndpointsFormat() throws IOException {
        int battery = 3000 + ThreadLocalRandom.current().nextInt(1000); // marker: 3.000 .. 3.999 V
        // 21.37 degC, 62.4 %, soil 0.347, battery, timestamp 1764237600 (2025-11-27T10:00:00Z)
        byte[] packet = ByteBuffer.allocate(12).putShort((short) 2137).putShort((short) 624).putShort((short) 347)
                .putShort((short) battery).putInt(1_764_237_600).array();
        sendUdp(InetAddress.getLoopbackAddress(), packet);

        double volts = battery / 1000.0;
        TelemetryReceived event = telemetry.readUntil(e -> e.sourceProtocol() == SourceProtocol.UDP
                        && Double.valueOf(volts).equals(e.measurements().get("battery"))).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.sourceProtocol() == SourceProtocol.UDP && Double.valueOf(volts).equals(e.measurements().get("battery")))
                .findFirst().orElseThrow();
        assertThat(event.deviceId()).isEqualTo(HARVEST_DEVICE);
        assertThat(event.measurements()).containsOnly(Map.entry("temperature", 21.37), Map.entry("humidity", 62.4),
                Map.entry("soil.moisture", 0.347), Map.entry("battery", volts));
        assertThat(event.eventTime()).isEqualTo(Instant.ofEpochSecond(1_764_237_600));
    }

    @Test
    void malformedDatagramGoesToTheDeadLetterTopicWithItsReason() throws IOException {
        byte[] garbage = {0x01, 0x02, (byte) ThreadLocalRandom.current().nextInt(256)};
        sendUdp(InetAddress.getLoopbackAddress(), garbage);

        ConsumerRecord<String, byte[]> dead = deadLetters.readUntil(r -> r.key().equals(HARVEST_DEVICE)
                && java.util.Arrays.equals(r.value(), garbage));
        assertThat(TelemetryTopic.header(dead, RecordHeaders.DLQ_REASON))
                .startsWith("undecodable: packet has 3 bytes, format 'potato-sensor' needs 12");
        assertThat(TelemetryTopic.header(dead, RecordHeaders.SOURCE_PROTOCOL)).isEqualTo("udp");
    }

    @Test
    void datagramFromAnUnknownSenderIsDeadLetteredUnderItsAddress() throws IOException {
        // 127.0.0.2 is loopback too, but not in fieldlink.ingest.harvest.sources
        byte[] json = ("{\"run\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        int port = sendUdp(InetAddress.getByName("127.0.0.2"), json);

        ConsumerRecord<String, byte[]> dead = deadLetters.readUntil(r -> java.util.Arrays.equals(r.value(), json));
        assertThat(dead.key()).isEqualTo("udp:127.0.0.2:" + port);
        assertThat(TelemetryTopic.header(dead, RecordHeaders.DLQ_REASON)).startsWith("unknown-device: ");
    }

    // ---- Harvest-style TCP

    @Test
    void tcpMessagesAreAnsweredLineByLine() throws IOException {
        String run = UUID.randomUUID().toString();
        try (Socket socket = connect(harvestTcp.getPort());
             BufferedReader in = reader(socket)) {
            OutputStream out = socket.getOutputStream();
            out.write(("{\"t\":1,\"run\":\"" + run + "\"}\r\n").getBytes(StandardCharsets.UTF_8));
            String accepted = in.readLine();
            assertThat(accepted).matches("202 [0-9a-f-]{36}");
            out.write("\u0001\u0002\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("400 undecodable");
            out.write(("{\"pad\":\"" + "x".repeat(9000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("413 too-large");

            String messageId = accepted.substring(4);
            ConsumerRecord<String, TelemetryReceived> record = telemetry.readMessage(messageId);
            assertThat(record.key()).isEqualTo(HARVEST_DEVICE);
            assertThat(record.value().sourceProtocol()).isEqualTo(SourceProtocol.TCP);
            assertThat(record.value().attributes()).containsEntry("run", run);
        }
    }

    // ---- Beam TCP

    @Test
    void beamTcpSignedConnectionPublishesEachLineAndAnswersIt() throws IOException {
        String run = UUID.randomUUID().toString();
        String body = "{\"temparature\":24.5,\"run\":\"" + run + "\"}";
        try (Socket socket = connect(beamTcp.getPort());
             BufferedReader in = reader(socket)) {
            OutputStream out = socket.getOutputStream();
            out.write((beamHeader(PSK) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write((body + "\n").getBytes(StandardCharsets.UTF_8));
            String answer = in.readLine();
            assertThat(answer).matches("202 [0-9a-f-]{36}");
            out.write("{\"second\":2}\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).matches("202 [0-9a-f-]{36}");

            ConsumerRecord<String, TelemetryReceived> record = telemetry.readMessage(answer.substring(4));
            assertThat(record.key()).isEqualTo(BEAM_IMSI);
            assertThat(TelemetryTopic.header(record, RecordHeaders.TENANT_ID)).isEqualTo(TENANT);
            TelemetryReceived event = record.value();
            assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.BEAM_TCP);
            assertThat(event.identity().imsi()).isEqualTo(BEAM_IMSI);
            assertThat(event.identity().imei()).isEqualTo(BEAM_IMEI);
            assertThat(event.measurements()).containsEntry("temparature", 24.5);
            assertThat(event.attributes()).containsEntry("run", run);
            // the message id covers device, receive time and body
            assertThat(event.messageId()).isEqualTo(MessageIds.of(BEAM_IMSI, event.eventTime().toEpochMilli(),
                    MessageIds.sha256Hex(body.getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void beamTcpWithABadSignatureIsRefusedClosedAndPublishesNothing() throws IOException {
        String run = UUID.randomUUID().toString();
        try (Socket socket = connect(beamTcp.getPort());
             BufferedReader in = reader(socket)) {
            OutputStream out = socket.getOutputStream();
            out.write((beamHeader("not-the-psk") + "\n{\"run\":\"" + run + "\"}\n").getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("401 unauthorized");
            assertThat(in.readLine()).isNull(); // closed by the server
        }
        // a later accepted reading of the same device marks "everything before has arrived"
        String marker;
        try (Socket socket = connect(beamTcp.getPort());
             BufferedReader in = reader(socket)) {
            socket.getOutputStream().write((beamHeader(PSK) + "\n{\"t\":1}\n").getBytes(StandardCharsets.UTF_8));
            marker = in.readLine().substring(4);
        }
        List<ConsumerRecord<String, TelemetryReceived>> records = telemetry.readUntil(e -> e.messageId().equals(marker));
        assertThat(records).extracting(r -> r.value().attributes().get("run")).doesNotContain(run);
    }

    // ---- Funnel with a binary payload

    @Test
    void funnelBase64BinaryPayloadIsDecodedWithTheFormatOfItsCredentials() {
        byte[] packet = ByteBuffer.allocate(12).putShort((short) -512).putShort((short) 1000).putShort((short) 1)
                .putShort((short) 4200).putInt(1_764_237_600).array();
        String envelope = "{\"operatorId\":\"" + TENANT + "\",\"timestamp\":1764237601234,\"credentialsId\":\"potato-relay\","
                + "\"imsi\":\"440103114938399\",\"payloads\":\"" + Base64.getEncoder().encodeToString(packet) + "\"}";
        HttpResponse<String> response = new IngestClient(httpPort).post(IngestPaths.FUNNEL,
                Map.of("Authorization", "Bearer " + FUNNEL_TOKEN), "application/json", envelope);

        assertThat(response.statusCode()).isEqualTo(202);
        String messageId = IngestClient.messageId(response);
        assertThat(messageId).isEqualTo(MessageIds.of("440103114938399", 1764237601234L, MessageIds.sha256Hex(packet)));
        TelemetryReceived event = telemetry.readMessage(messageId).value();
        assertThat(event.sourceProtocol()).isEqualTo(SourceProtocol.FUNNEL);
        assertThat(event.measurements()).containsOnly(Map.entry("temperature", -5.12), Map.entry("humidity", 100.0),
                Map.entry("soil.moisture", 0.001), Map.entry("battery", 4.2));
        assertThat(event.eventTime()).isEqualTo(Instant.ofEpochSecond(1_764_237_600));
    }

    // ---- helpers

    private int sendUdp(InetAddress from, byte[] payload) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
            socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), udpReceiver.getPort()));
            return socket.getLocalPort();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String beamHeader(String psk) {
        return BeamSignatureVerifier.tcpHeaderLine(psk, Map.of("imsi", BEAM_IMSI, "imei", BEAM_IMEI), System.currentTimeMillis());
    }
}
