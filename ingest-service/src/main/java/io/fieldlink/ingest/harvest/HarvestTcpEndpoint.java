package io.fieldlink.ingest.harvest;

import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.ingest.IngestProperties;
import io.fieldlink.ingest.socket.Frame;
import io.fieldlink.ingest.socket.SocketIngest;
import io.fieldlink.ingest.socket.TcpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvest-style TCP: messages framed by line or length prefix, identified by the sender's address
 * or by the connection's header line. Every message is answered with one line: {@code 202 <messageId>},
 * or {@code <status> <reason>} ({@code 400 undecodable}, {@code 403 unknown-device},
 * {@code 413 too-large}, {@code 503 kafka-unavailable}). A bad header line is answered
 * {@code 400 bad-header} and the connection closed.
 */
final class HarvestTcpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(HarvestTcpEndpoint.class);

    private final SocketIngest ingest;
    private final HarvestSenders senders;

    HarvestTcpEndpoint(SocketIngest ingest, HarvestSenders senders) {
        this.ingest = ingest;
        this.senders = senders;
    }

    void onFrame(Frame frame) {
        TcpSession session = frame.session();
        switch (frame.kind()) {
            case HEADER -> {
                SocketIngest.Sender sender = senders.byHeaderLine(frame.bytes(), session.peer());
                if (sender.deviceId() == null) {
                    refuseHeader(session);
                    return;
                }
                session.identity(sender);
            }
            case HEADER_TOO_LARGE -> refuseHeader(session);
            case TOO_LARGE -> {
                ingest.rejected(SourceProtocol.TCP, SocketIngest.TOO_LARGE);
                session.reply("413 " + SocketIngest.TOO_LARGE);
            }
            case MESSAGE -> {
                SocketIngest.Sender sender = senders.mode() == IngestProperties.HarvestIdentity.HEADER_LINE
                        ? session.identity()
                        : senders.byAddress(session.remoteAddress(), session.peer());
                session.reply(ingest.ingest(SourceProtocol.TCP, sender, frame.bytes()).replyLine());
            }
        }
    }

    private void refuseHeader(TcpSession session) {
        log.info("Harvest TCP connection from {} refused: no valid header line", session.peer());
        ingest.rejected(SourceProtocol.TCP, "bad-header");
        session.reply("400 bad-header");
        session.close();
    }
}
