package io.fieldlink.ingest.harvest;

import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.socket.SocketIngest;

import java.util.Arrays;

/**
 * One UDP datagram = one message. No answer (UDP has no acknowledgement): the outcome is counted,
 * undecodable or unidentifiable datagrams go to the dead-letter topic, and a datagram Kafka did
 * not take (nor the dead-letter topic) is lost with a WARN.
 */
final class HarvestUdpEndpoint {

    private final SocketIngest ingest;
    private final HarvestSenders senders;
    private final int maxMessageSize;

    HarvestUdpEndpoint(SocketIngest ingest, HarvestSenders senders, int maxMessageSize) {
        this.ingest = ingest;
        this.senders = senders;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * @param datagram the datagram's bytes; the receive buffer is one byte larger than the limit, so
     *                 a longer datagram shows as {@code maxMessageSize + 1} bytes
     */
    SocketIngest.Outcome onDatagram(byte[] datagram, String address, int port) {
        String peer = "udp:" + address + ":" + port;
        if (datagram.length == 0) {
            return ingest.deadLetter(SourceProtocol.UDP, peer, datagram, "malformed", "empty datagram");
        }
        if (senders.mode() == IngestProperties.HarvestIdentity.HEADER_LINE) {
            int lf = indexOf(datagram, (byte) '\n');
            SocketIngest.Sender sender = lf < 0 ? senders.byHeaderLine(new byte[0], peer)
                    : senders.byHeaderLine(Arrays.copyOf(datagram, lf), peer);
            if (sender.deviceId() == null) {
                return ingest.deadLetter(SourceProtocol.UDP, peer, datagram, SocketIngest.UNKNOWN_DEVICE,
                        "no valid header line (imsi=... [imei=...] and a line feed before the payload)");
            }
            if (datagram.length > maxMessageSize) {
                return tooLarge(sender, datagram);
            }
            return ingest.ingest(SourceProtocol.UDP, sender, Arrays.copyOfRange(datagram, lf + 1, datagram.length));
        }
        SocketIngest.Sender sender = senders.byAddress(address, peer);
        if (datagram.length > maxMessageSize) {
            return tooLarge(sender, datagram);
        }
        return ingest.ingest(SourceProtocol.UDP, sender, datagram);
    }

    private SocketIngest.Outcome tooLarge(SocketIngest.Sender sender, byte[] datagram) {
        return ingest.deadLetter(SourceProtocol.UDP, sender.deviceId() != null ? sender.deviceId() : sender.peer(),
                datagram, SocketIngest.TOO_LARGE, "datagram longer than " + maxMessageSize
                        + " bytes (fieldlink.ingest.harvest.max-message-size); the first " + datagram.length + " bytes are kept");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
