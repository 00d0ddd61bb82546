package io.fieldlink.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks free TCP ports on the loopback interface.
 *
 * <p>A port is free when it is picked; another process may still take it before the server binds
 * it, so pick it right before starting the server. Ports handed out by this class are remembered
 * for the lifetime of the JVM and never handed out twice.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A free port on 127.0.0.1 that this JVM has not handed out before. */
    public static int pick() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a server socket on 127.0.0.1", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port found after 50 attempts");
    }

    /** {@code port} itself, or a {@linkplain #pick() free port} when {@code port} is 0. */
    public static int resolve(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        return port == 0 ? pick() : port;
    }

    /** True when nothing listens on 127.0.0.1:{@code port} and it can be bound. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
