package io.fieldlink.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --mode udp}: one datagram per reading to a real UDP socket, JSON or binary, with or without header line. */
class FarmSimulatorUdpIT {

    private DatagramSocket server;

    @BeforeEach
    void bind() throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(10_000);
    }

    @AfterEach
    void close() {
        server.close();
    }

    private SimulatorOptions options(SimulatorOptions.PayloadFormat payload, boolean header) {
        return SimulatorOptions.of(URI.create("http://127.0.0.1:1"), "unused").withMode(SimulatorOptions.Mode.UDP)
                .withUdpTarget(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()))
                .withPayload(payload).withUdpHeaderLine(header)
                .withDevices(2).withCount(2).withInterval(Duration.ofMillis(100)).withSeed(7);
    }

    private List<byte[]> receive(int count) throws IOException {
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            server.receive(packet); // blocking, bounded by the socket timeout
            datagrams.add(Arrays.copyOf(packet.getData(), packet.getLength()));
        }
        return datagrams;
    }

    @Test
    void binaryReadingsAfterAHeaderLine() throws Exception {
        try (var farm = new FarmSimulator(options(SimulatorOptions.PayloadFormat.BINARY, true))) {
            farm.start();
            List<byte[]> datagrams = receive(4);
            assertThat(farm.awaitFinished(Duration.ofSeconds(10))).isTrue();
            assertThat(farm.stats().sent()).isEqualTo(4);
            assertThat(farm.stats().failed()).isZero();
            for (byte[] datagram : datagrams) {
                String text = new String(datagram, StandardCharsets.ISO_8859_1);
                int lf = text.indexOf('\n');
                assertThat(text.substring(0, lf)).matches("imsi=29500000000000[12] imei=\\d{15}");
                byte[] payload = Arrays.copyOfRange(datagram, lf + 1, datagram.length);
                assertThat(payload).hasSize(BinaryReading.LENGTH);
                ByteBuffer b = ByteBuffer.wrap(payload);
                double temperature = b.getShort() / 100.0;
                double humidity = (b.getShort() & 0xFFFF) / 10.0;
                assertThat(temperature).isBetween(-20.0, 45.0);
                assertThat(humidity).isBetween(0.0, 100.0);
            }
        }
    }

    @Test
    void jsonReadingsWithoutHeader() throws Exception {
        try (var farm = new FarmSimulator(options(SimulatorOptions.PayloadFormat.JSON, false))) {
            farm.start();
            for (byte[] datagram : receive(4)) {
                assertThat(new String(datagram, StandardCharsets.UTF_8)).startsWith("{\"temperature\":").endsWith("}");
            }
        }
    }
}
