package io.fieldlink.testsupport;

/**
 * A JVM shutdown hook a node registers while it runs, so a test run or local stack that ends
 * without {@code close()} still stops its servers; removed again when the node stops normally.
 */
final class ShutdownHook {

    private final String name;
    private final Runnable action;
    private Thread thread;

    ShutdownHook(String name, Runnable action) {
        this.name = name;
        this.action = action;
    }

    synchronized void register() {
        if (thread == null) {
            thread = new Thread(action, name);
            Runtime.getRuntime().addShutdownHook(thread);
        }
    }

    synchronized void remove() {
        if (thread != null && Thread.currentThread() != thread) {
            try {
                Runtime.getRuntime().removeShutdownHook(thread);
            } catch (IllegalStateException shuttingDown) {
                // JVM is exiting: the hook runs anyway
            }
        }
        thread = null;
    }
}
