package io.fieldlink.ingest.socket;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * Makes server connections whose input stream is buffered and carries the connection's
 * {@link TcpSession}, so that {@link SocketFraming} knows per connection whether the header line
 * was read, and endpoints can answer and close through the session.
 */
public final class FramedConnectionSupport implements TcpNetConnectionSupport {

    @Override
    public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
                                                @Nullable ApplicationEventPublisher applicationEventPublisher,
                                                @Nullable String connectionFactoryName) {
        return new FramedConnection(socket, server, lookupHost, applicationEventPublisher, connectionFactoryName);
    }

    /** The buffered stream of one connection, with its session. */
    static final class SessionInput extends BufferedInputStream {

        private final TcpSession session;

        SessionInput(InputStream in, TcpSession session) {
            super(in, 8192);
            this.session = session;
        }

        TcpSession session() {
            return session;
        }
    }

    private static final class FramedConnection extends TcpNetConnection {

        private final TcpSession session;
        private volatile SessionInput input;

        FramedConnection(Socket socket, boolean server, boolean lookupHost,
                         @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
            super(socket, server, lookupHost, publisher, factoryName);
            this.session = new TcpSession(this, socket.getInetAddress(), socket.getPort());
        }

        @Override
        protected InputStream inputStream() throws IOException {
            SessionInput in = input;
            if (in == null) {
                in = new SessionInput(super.inputStream(), session);
                input = in;
            }
            return in;
        }
    }
}
