package io.fieldlink.ingest.socket;

import io.fieldlink.ingest.IngestProperties.Framing;
import org.junit.jupiter.api.Test;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketFramingTest {

    private static FramedConnectionSupport.SessionInput stream(byte[] bytes) {
        return new FramedConnectionSupport.SessionInput(new ByteArrayInputStream(bytes),
                new TcpSession(null, InetAddress.getLoopbackAddress(), 5000));
    }

    private static FramedConnectionSupport.SessionInput stream(String text) {
        return stream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Frame frame) {
        return new String(frame.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void linesWithAHeaderFirst() throws IOException {
        var framing = new SocketFraming(Framing.LINE, true, 16);
        var in = stream("imsi=1;signature=ab\r\n{\"t\":1}\n\r\n\n{\"t\":2}");
        Frame header = framing.deserialize(in);
        assertThat(header.kind()).isEqualTo(Frame.Kind.HEADER);
        assertThat(text(header)).isEqualTo("imsi=1;signature=ab");
        assertThat(text(framing.deserialize(in))).isEqualTo("{\"t\":1}");
        // empty lines are keep-alives; a last line without LF still counts
        Frame last = framing.deserialize(in);
        assertThat(last.kind()).isEqualTo(Frame.Kind.MESSAGE);
        assertThat(text(last)).isEqualTo("{\"t\":2}");
        assertThatThrownBy(() -> framing.deserialize(in)).isInstanceOf(SoftEndOfStreamException.class);
    }

    @Test
    void aTooLongLineIsReportedAndSkippedToItsEnd() throws IOException {
        var framing = new SocketFraming(Framing.LINE, false, 4);
        var in = stream("1234\n12345\n1234\r\nok\n");
        assertThat(text(framing.deserialize(in))).isEqualTo("1234");
        assertThat(framing.deserialize(in).kind()).isEqualTo(Frame.Kind.TOO_LARGE);
        assertThat(text(framing.deserialize(in))).isEqualTo("1234"); // CR does not count
        assertThat(text(framing.deserialize(in))).isEqualTo("ok");
    }

    @Test
    void aTooLongHeaderIsReportedAsSuch() throws IOException {
        var framing = new SocketFraming(Framing.LINE, true, 64);
        var in = stream("x".repeat(SocketFraming.MAX_HEADER_LENGTH + 1) + "\n{}\n");
        assertThat(framing.deserialize(in).kind()).isEqualTo(Frame.Kind.HEADER_TOO_LARGE);
        assertThat(text(framing.deserialize(in))).isEqualTo("{}");
    }

    @Test
    void lengthPrefixedMessagesCarryAnyByteAfterALineHeader() throws IOException {
        var framing = new SocketFraming(Framing.LENGTH_PREFIXED, true, 4);
        byte[] bytes = {'h', '\n', 0, 3, 0x0a, 0x0d, 0x00, 0, 0, 0, 5, 1, 2, 3, 4, 5, 0, 1, 0x7f};
        var in = stream(bytes);
        assertThat(text(framing.deserialize(in))).isEqualTo("h");
        assertThat(framing.deserialize(in).bytes()).containsExactly(0x0a, 0x0d, 0x00);
        assertThat(framing.deserialize(in).kind()).isEqualTo(Frame.Kind.TOO_LARGE); // length 0 skipped, 5 > 4
        assertThat(framing.deserialize(in).bytes()).containsExactly(0x7f);
        assertThatThrownBy(() -> framing.deserialize(in)).isInstanceOf(SoftEndOfStreamException.class);
    }

    @Test
    void aStreamCutInsideAMessageIsAnError() {
        var framing = new SocketFraming(Framing.LENGTH_PREFIXED, false, 16);
        assertThatThrownBy(() -> framing.deserialize(stream(new byte[]{0, 4, 1, 2}))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> framing.deserialize(stream(new byte[]{0}))).isInstanceOf(EOFException.class);
    }

    @Test
    void withoutHeaderTheFirstLineIsAMessage() throws IOException {
        var framing = new SocketFraming(Framing.LINE, false, 16);
        assertThat(framing.deserialize(stream("{}\n")).kind()).isEqualTo(Frame.Kind.MESSAGE);
    }
}
