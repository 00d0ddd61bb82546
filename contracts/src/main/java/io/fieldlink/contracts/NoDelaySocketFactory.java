package io.fieldlink.contracts;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * Plain TCP sockets with {@code TCP_NODELAY}, for the MQTT clients of both sides of the command protocol (devices
 * and command-service): Paho does not set it, and Nagle's algorithm meeting delayed ACKs held each small MQTT packet
 * (a command, a PUBACK, an answer) for about 40 ms on loopback (docs/benchmarks.md, "Commands, round trip"). Use it
 * with {@code MqttConnectionOptions.setSocketFactory(NoDelaySocketFactory.INSTANCE)} where {@link #appliesTo}.
 */
public final class NoDelaySocketFactory extends SocketFactory {

    public static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    private NoDelaySocketFactory() {
    }

    /** Whether a broker URL is plain TCP, the only scheme this factory is for (TLS needs an SSL socket factory). */
    public static boolean appliesTo(String brokerUrl) {
        return brokerUrl != null && brokerUrl.startsWith("tcp://");
    }

    @Override
    public Socket createSocket() throws SocketException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }
}
