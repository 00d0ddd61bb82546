package io.fieldlink.ingest.harvest;

import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

import java.net.DatagramPacket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spring Integration's UDP receiver with a bounded worker pool: one thread receives, {@code workers}
 * threads decode and publish. When the queue is full the receiver thread handles the datagram itself
 * (Spring Integration's fallback on a rejected task), which slows receiving down: the socket's buffer
 * and then the network drop what does not fit, as UDP does. Empty datagrams, which Spring
 * Integration's mapper skips, are handed to the endpoint too (it dead-letters them).
 */
final class HarvestUdpReceiver extends UnicastReceivingChannelAdapter {

    private final ThreadPoolExecutor workers;
    private volatile HarvestUdpEndpoint emptyDatagrams;

    HarvestUdpReceiver(int port, int workers, int queueCapacity) {
        super(port);
        AtomicInteger n = new AtomicInteger();
        // + 1: the receiving loop itself runs on this executor
        this.workers = new ThreadPoolExecutor(workers + 1, workers + 1, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                r -> new Thread(r, "harvest-udp-" + n.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
        setTaskExecutor(this.workers);
    }

    void handEmptyDatagramsTo(HarvestUdpEndpoint endpoint) {
        this.emptyDatagrams = endpoint;
    }

    @Override
    protected void doSend(DatagramPacket packet) {
        HarvestUdpEndpoint endpoint = emptyDatagrams;
        if (packet.getLength() == 0 && endpoint != null) {
            endpoint.onDatagram(new byte[0], packet.getAddress().getHostAddress(), packet.getPort());
            return;
        }
        super.doSend(packet);
    }

    @Override
    public void destroy() {
        super.destroy();
        workers.shutdownNow();
    }
}
