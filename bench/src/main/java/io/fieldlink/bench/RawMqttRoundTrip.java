package io.fieldlink.bench;

import io.fieldlink.contracts.NoDelaySocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT floor of a command round trip, without command-service: a "service" client publishes a request (QoS 1)
 * to a "device" client on the same broker, which answers on a reply topic (QoS 1), as a sprinkler answers a
 * command; latency = publish -> reply received. Paced like the commands.
 */
final class RawMqttRoundTrip implements AutoCloseable {

    private final MqttAsyncClient service;
    private final MqttAsyncClient device;
    private final Map<Long, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();

    RawMqttRoundTrip(String brokerUrl) throws MqttException {
        service = connect(brokerUrl, "bench-raw-service");
        device = connect(brokerUrl, "bench-raw-device");
        IMqttMessageListener echo = (topic, message) -> device.publish("bench/raw/replies", message.getPayload(), 1, false);
        device.subscribe(new MqttSubscription[]{new MqttSubscription("bench/raw/requests", 1)}, null, null,
                new IMqttMessageListener[]{echo}, new org.eclipse.paho.mqttv5.common.packet.MqttProperties())
                .waitForCompletion(10_000);
        IMqttMessageListener replies = (topic, message) -> {
            long k = Long.parseLong(new String(message.getPayload(), StandardCharsets.US_ASCII));
            CompletableFuture<Long> reply = pending.remove(k);
            if (reply != null) {
                reply.complete(System.nanoTime());
            }
        };
        service.subscribe(new MqttSubscription[]{new MqttSubscription("bench/raw/replies", 1)}, null, null,
                new IMqttMessageListener[]{replies}, new org.eclipse.paho.mqttv5.common.packet.MqttProperties())
                .waitForCompletion(10_000);
    }

    private static MqttAsyncClient connect(String brokerUrl, String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (NoDelaySocketFactory.appliesTo(brokerUrl)) {
            options.setSocketFactory(NoDelaySocketFactory.INSTANCE); // as the devices and command-service do
        }
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    Latencies run(int rate, Duration warmup, Duration duration, AtomicLong errors) {
        Latencies latencies = new Latencies();
        PacedRun.run(rate, warmup, duration, (k, measured) -> {
            CompletableFuture<Long> reply = new CompletableFuture<>();
            pending.put(k, reply);
            long t0 = System.nanoTime();
            MqttMessage request = new MqttMessage(Long.toString(k).getBytes(StandardCharsets.US_ASCII));
            request.setQos(1);
            try {
                service.publish("bench/raw/requests", request);
                long arrived = reply.get(10, TimeUnit.SECONDS);
                if (measured) {
                    latencies.add(arrived - t0);
                }
            } catch (Exception e) {
                pending.remove(k);
                if (measured) {
                    errors.incrementAndGet();
                }
            }
        }, starting -> { });
        return latencies;
    }

    @Override
    public void close() throws MqttException {
        for (MqttAsyncClient client : new MqttAsyncClient[]{service, device}) {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
