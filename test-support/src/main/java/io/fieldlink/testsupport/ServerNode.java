package io.fieldlink.testsupport;

import java.nio.file.Path;

/** What all embedded server nodes have in common: start, stop (restartable), close. */
public interface ServerNode extends AutoCloseable {

    /** Starts the server (no-op when it is running) and returns this node. */
    ServerNode start();

    /** Stops the server; it can be started again on the same port and data directory. */
    void stop();

    /** Stops the server for good. Never throws. */
    @Override
    void close();

    boolean isRunning();

    int port();

    /** Where the server keeps its files (may be null for servers without files). */
    Path dataDir();
}
