package io.fieldlink.localstack;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code bin/fieldlink-local}. Once the suite runs it opens the web dashboard in the desktop's
 * browser, where there is a desktop ({@code --no-browser} or a headless machine: the banner's URL only).
 */
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
            if (!List.of(args).contains("--no-browser")) {
                openDashboard(URI.create("http://127.0.0.1:" + settings.dashboardPort() + "/"));
            }
        } catch (Exception e) {
            System.err.println("Fieldlink failed to start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    private static void openDashboard(URI dashboard) {
        if (!Desktop.isDesktopSupported() || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            return; // a server or a container: the banner's URL is the way in
        }
        try {
            Desktop.getDesktop().browse(dashboard);
            System.out.println("Opened " + dashboard + " in your browser.");
        } catch (IOException | RuntimeException e) {
            System.out.println("Could not open a browser (" + e.getMessage() + "): open " + dashboard + " yourself.");
        }
    }
}
