package io.fieldlink.command.lwm2m;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Starts the LwM2M server after command delivery's startup (order 10) has replayed the journal into the book and the
 * registry is loaded: a registration looks its device up in both. Stops it with the context.
 */
final class Lwm2mStartup implements ApplicationRunner, AutoCloseable, Ordered {

    private static final Logger log = LoggerFactory.getLogger(Lwm2mStartup.class);

    private final Lwm2mServer server;
    private volatile boolean started;

    Lwm2mStartup(Lwm2mServer server) {
        this.server = server;
    }

    @Override
    public void run(ApplicationArguments args) {
        server.start();
        started = true;
        log.info("LwM2M server listening on {} and {}", server.uri(Protocol.COAP).orElse(null),
                server.uri(Protocol.COAPS).map(Object::toString).orElse("(no DTLS)"));
    }

    boolean started() {
        return started;
    }

    @Override
    public int getOrder() {
        return 20;
    }

    @Override
    public void close() {
        if (started) {
            server.stop();
        }
    }
}
