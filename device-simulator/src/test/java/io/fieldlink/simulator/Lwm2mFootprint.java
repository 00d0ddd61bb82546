package io.fieldlink.simulator;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Measures threads and heap of N LwM2M clients in one JVM against a bare local server (not a test: run by hand,
 * docs/commands.md "Simulated LwM2M devices" has the figures):
 * {@code java -cp <test classpath> io.fieldlink.simulator.Lwm2mFootprint 1000 [coap|coaps]}.
 */
final class Lwm2mFootprint {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        boolean secure = args.length > 1 && args[1].equals("coaps");
        String master = "00112233445566778899aabbccddeeff";
        try (var server = new Lwm2mServerNode()) {
            List<SimulatedDevice> fleet = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                fleet.add(SimulatedDevice.of("29500000000", i));
                if (secure) {
                    server.addPsk(fleet.getLast().imsi(), Lwm2mPsk.derive(java.util.HexFormat.of().parseHex(master),
                            fleet.getLast().imsi()));
                }
            }
            var downloads = Executors.newVirtualThreadPerTaskExecutor();
            var downloader = PackageDownloader.create();
            settle();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long heapBefore = usedHeap();
            long t0 = System.nanoTime();
            var options = Lwm2mOptions.of(secure ? server.coaps() : server.coap());
            try (var devices = new Lwm2mDevices(secure ? options.withPskMaster(master) : options, fleet,
                    id -> new SprinklerActuator(id, Clock.systemUTC(), s -> {
                    }, downloader, downloads), downloader, downloads, Clock.systemUTC())) {
                devices.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                int registered = 0;
                while (System.nanoTime() < deadline) {
                    registered = (int) fleet.stream().filter(d -> server.registration(d.imsi()) != null).count();
                    if (registered == count) {
                        break;
                    }
                    Thread.sleep(200); // a measuring tool, not a test
                }
                long seconds = (System.nanoTime() - t0) / 1_000_000;
                settle();
                int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
                long heapAfter = usedHeap();
                System.out.printf("%d clients (%s): %d registered in %d ms; threads %d -> %d (+%d, %.2f per client); "
                                + "heap used %d MiB -> %d MiB (+%.1f KiB per client)%n", count, secure ? "coaps" : "coap",
                        registered, seconds, threadsBefore, threadsAfter, threadsAfter - threadsBefore,
                        (threadsAfter - threadsBefore) / (double) count, heapBefore >> 20, heapAfter >> 20,
                        (heapAfter - heapBefore) / 1024.0 / count);
            }
            downloads.shutdownNow();
        }
        System.exit(0);
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
