package io.fieldlink.localstack;

import java.util.concurrent.CountDownLatch;

/** Entry point of {@code bin/fieldlink-local}. */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalSettings settings = LocalSettings.fromEnvironment(System.getenv());
        LocalStack stack = new LocalStack(settings, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Fieldlink ...");
            stack.close();
            stopped.countDown();
            System.out.println("Stopped.");
        }, "fieldlink-shutdown"));
        try {
            var coldStart = stack.start();
            System.out.println(Banner.render(settings, coldStart));
        } catch (Exception e) {
            System.err.println("Fieldlink failed to start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }
}
