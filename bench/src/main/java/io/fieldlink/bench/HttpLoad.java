package io.fieldlink.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N closed-loop clients sending requests back to back for a fixed time over keep-alive HTTP/1.1
 * connections (one shared client: its pool holds one connection per concurrent request, and one
 * selector thread serves them all, which keeps the generator's own CPU use low); the first
 * {@code warmup} is not counted.
 */
final class HttpLoad {

    /** Builds the next request of client {@code clientIndex}; called on that client's thread. */
    interface RequestFactory {
        HttpRequest next(int clientIndex, long sequence);
    }

    private final int clients;
    private final Duration warmup;
    private final Duration measured;

    HttpLoad(int clients, Duration warmup, Duration measured) {
        this.clients = clients;
        this.warmup = warmup;
        this.measured = measured;
    }

    LoadResult run(String name, int expectedStatus, long pointsPerRequest, RequestFactory requests)
            throws InterruptedException {
        AtomicLong errors = new AtomicLong();
        AtomicLong operations = new AtomicLong();
        List<long[]> latenciesPerClient = new ArrayList<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int c = 0; c < clients; c++) {
            long[][] own = {new long[1 << 16]};
            int[] size = {0};
            int client = c;
            latenciesPerClient.add(null);
            Thread.ofPlatform().name("load-" + c).start(() -> {
                try {
                    long sequence = 0;
                    while (true) {
                        long before = System.nanoTime();
                        if (before >= end) {
                            break;
                        }
                        HttpRequest request = requests.next(client, sequence++);
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        long after = System.nanoTime();
                        if (before >= measureFrom && after <= end) {
                            if (status == expectedStatus) {
                                operations.incrementAndGet();
                                if (size[0] == own[0].length) {
                                    own[0] = java.util.Arrays.copyOf(own[0], size[0] * 2);
                                }
                                own[0][size[0]++] = after - before;
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    synchronized (latenciesPerClient) {
                        latenciesPerClient.set(client, java.util.Arrays.copyOf(own[0], size[0]));
                    }
                    done.countDown();
                }
            });
        }
        done.await();
        http.close();
        long[] all = latenciesPerClient.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return LoadResult.of(name, operations.get(), pointsPerRequest, errors.get(), measured.toNanos(), all);
    }
}
