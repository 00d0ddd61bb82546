package io.fieldlink.dashboard.live;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One open stream: a bounded queue in front of its sink, drained on the sender executor so that the
 * Kafka consumer thread only ever enqueues. At most one drain runs at a time, so the sink sees its
 * events one after the other in the order they were offered.
 */
final class Subscription {

    /** Why a subscription ended. */
    enum CloseReason {
        /** the client went away, the stream timed out or failed */
        CLIENT("client"),
        /** the client read too slowly: its queue was full */
        SLOW_CLIENT("slow-client"),
        /** the service is shutting down */
        SHUTDOWN("shutdown");

        final String tag;

        CloseReason(String tag) {
            this.tag = tag;
        }
    }

    private static final Object HEARTBEAT = new Object();

    private final String tenantId;
    private final StreamFilter filter;
    private final EventSink sink;
    private final int maxQueued;
    private final Executor sender;
    private final BiConsumer<Subscription, CloseReason> onClose;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    Subscription(String tenantId, StreamFilter filter, EventSink sink, int maxQueued, Executor sender,
                 BiConsumer<Subscription, CloseReason> onClose) {
        this.tenantId = tenantId;
        this.filter = filter;
        this.sink = sink;
        this.maxQueued = maxQueued;
        this.sender = sender;
        this.onClose = onClose;
    }

    String tenantId() {
        return tenantId;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Queues the event when the filter wants it; a full queue closes the subscription instead. Never blocks. */
    void offer(LiveEvent event) {
        if (closed.get() || !filter.matches(event)) {
            return;
        }
        enqueue(event);
    }

    /** Queues a heartbeat comment unless events are waiting anyway (they keep the connection busy). */
    void heartbeat() {
        if (!closed.get() && queued.get() == 0) {
            enqueue(HEARTBEAT);
        }
    }

    /** Ends the stream from the server's side: the sink is completed on the sender, never on the caller's thread. */
    void close(CloseReason reason) {
        if (markClosed(reason)) {
            sender.execute(sink::complete);
        }
    }

    /** The stream ended on its own (client gone, timeout, write error): only forget it. */
    void closed() {
        markClosed(CloseReason.CLIENT);
    }

    private boolean markClosed(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        queue.clear();
        queued.set(0);
        onClose.accept(this, reason);
        return true;
    }

    private void enqueue(Object item) {
        if (queued.incrementAndGet() > maxQueued) {
            close(CloseReason.SLOW_CLIENT);
            return;
        }
        queue.add(item);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                sender.execute(this::drain);
            } catch (RuntimeException rejected) { // the sender is shut down
                draining.set(false);
                closed();
            }
        }
    }

    private void drain() {
        try {
            Object next;
            while (!closed.get() && (next = queue.poll()) != null) {
                queued.decrementAndGet();
                if (next == HEARTBEAT) {
                    sink.heartbeat();
                } else {
                    sink.send((LiveEvent) next);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone or the emitter is already completed: nothing to tell anyone
            closed();
        } finally {
            draining.set(false);
        }
        // an item offered between the last poll and the flag reset must not wait for the next offer
        if (!closed.get() && !queue.isEmpty()) {
            scheduleDrain();
        }
    }
}
