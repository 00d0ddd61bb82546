package io.fieldlink.ingest.beam;

import io.fieldlink.contracts.DeviceIdentity;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.ingest.socket.Frame;
import io.fieldlink.ingest.socket.SocketIngest;
import io.fieldlink.ingest.socket.TcpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Beam's TCP entry point: the first line of a connection is Beam's signed header line
 * ({@link BeamSignatureVerifier#verifyTcpHeader}); every later frame is a device message, published
 * under the verified identity and answered {@code 202 <messageId>} (or {@code <status> <reason>}).
 * A header that does not verify is answered {@code 401 unauthorized} (always the same line, the
 * cause is only logged) and the connection closed: nothing of it is published or dead-lettered.
 */
final class BeamTcpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(BeamTcpEndpoint.class);
    static final String UNAUTHORIZED = "401 unauthorized";

    private final BeamSignatureVerifier verifier;
    private final SocketIngest ingest;
    private final String format;

    BeamTcpEndpoint(BeamSignatureVerifier verifier, SocketIngest ingest, String format) {
        this.verifier = verifier;
        this.ingest = ingest;
        this.format = format;
    }

    void onFrame(Frame frame) {
        TcpSession session = frame.session();
        switch (frame.kind()) {
            case HEADER -> {
                switch (verifier.verifyTcpHeader(new String(frame.bytes(), StandardCharsets.UTF_8))) {
                    case BeamSignatureVerifier.Verified beam -> {
                        session.identity(new SocketIngest.Sender(beam.tenantId(), BeamTelemetryController.deviceId(beam),
                                new DeviceIdentity(beam.imsi(), beam.imei(), beam.msisdn(), beam.simId()),
                                session.peer(), format));
                        if (beam.previousKey()) {
                            log.debug("Beam credential {} matched with its previous key", beam.credentialId());
                        }
                    }
                    case BeamSignatureVerifier.Rejected rejected -> refuse(session, rejected.reason().name());
                }
            }
            case HEADER_TOO_LARGE -> refuse(session, "HEADER_TOO_LARGE");
            case TOO_LARGE -> {
                ingest.rejected(SourceProtocol.BEAM_TCP, SocketIngest.TOO_LARGE);
                session.reply("413 " + SocketIngest.TOO_LARGE);
            }
            case MESSAGE -> {
                SocketIngest.Sender sender = session.identity();
                session.reply(ingest.ingest(SourceProtocol.BEAM_TCP, sender, frame.bytes()).replyLine());
            }
        }
    }

    private void refuse(TcpSession session, String reason) {
        log.info("Beam TCP connection from {} refused: {}", session.peer(), reason);
        ingest.rejected(SourceProtocol.BEAM_TCP, "unauthorized");
        session.reply(UNAUTHORIZED);
        session.close();
    }
}
