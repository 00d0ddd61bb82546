package io.fieldlink.dashboard.live;

import java.io.IOException;

/** Where one subscription's events are written (an {@code SseEmitter} in the service, a list in tests). */
interface EventSink {

    /** Writes one event; may block while the client reads slowly. */
    void send(LiveEvent event) throws IOException;

    /** Writes a comment line that keeps an idle connection open. */
    void heartbeat() throws IOException;

    /** Ends the stream from the server's side. */
    void complete();
}
