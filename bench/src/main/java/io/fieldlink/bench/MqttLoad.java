package io.fieldlink.bench;

import io.fieldlink.contracts.NoDelaySocketFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * MQTT ingest end to end: devices publish QoS 1 readings to the broker, ingest-service takes them
 * from its shared subscription into Kafka; the figure is records arriving in Kafka per second.
 * Publishers keep at most {@code backlog} readings ahead of Kafka, so the broker's queue stays
 * bounded and the rate measured is ingest's, not the broker's.
 */
final class MqttLoad {

    static final String DEVICE_PREFIX = "29520";

    private final String mqttUrl;
    private final String bootstrapServers;
    private final Duration warmup;
    private final Duration measured;

    MqttLoad(String mqttUrl, String bootstrapServers, Duration warmup, Duration measured) {
        this.mqttUrl = mqttUrl;
        this.bootstrapServers = bootstrapServers;
        this.warmup = warmup;
        this.measured = measured;
    }

    LoadResult run(String name, int publishers, int backlog) throws Exception {
        AtomicLong published = new AtomicLong();
        AtomicLong arrived = new AtomicLong();
        AtomicLong arrivedInWindow = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measured.toNanos();

        Thread counter = Thread.ofPlatform().name("mqtt-load-counter").start(() -> count(arrived, arrivedInWindow,
                running, measureFrom, end));
        CountDownLatch done = new CountDownLatch(publishers);
        AtomicLong errors = new AtomicLong();
        for (int p = 0; p < publishers; p++) {
            int device = p;
            Thread.ofPlatform().name("mqtt-load-" + p).start(() -> {
                String imsi = DEVICE_PREFIX + String.format("%010d", device);
                String topic = "tenants/" + BeamRequests.TENANT + "/devices/" + imsi + "/telemetry";
                try {
                    MqttClient client = new MqttClient(mqttUrl, "bench-" + imsi, new MemoryPersistence());
                    MqttConnectionOptions options = new MqttConnectionOptions();
                    options.setCleanStart(true);
                    if (NoDelaySocketFactory.appliesTo(mqttUrl)) {
                        options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
                    }
                    client.connect(options);
                    long sequence = 0;
                    while (System.nanoTime() < end) {
                        if (published.get() - arrived.get() >= backlog) {
                            LockSupport.parkNanos(200_000);
                            continue;
                        }
                        byte[] body = BeamRequests.reading((long) device << 32 | sequence++).getBytes(StandardCharsets.UTF_8);
                        client.publish(topic, body, 1, false);
                        published.incrementAndGet();
                    }
                    client.disconnect();
                    client.close();
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println("MQTT publisher " + device + ": " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        running.set(false);
        counter.join();
        return LoadResult.of(name, arrivedInWindow.get(), 1, errors.get(), measured.toNanos(), new long[0]);
    }

    private void count(AtomicLong arrived, AtomicLong inWindow, AtomicBoolean running, long from, long to) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("iot.telemetry.v1").forEach(info ->
                    partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && record.key().startsWith(DEVICE_PREFIX)) {
                        arrived.incrementAndGet();
                        long now = System.nanoTime();
                        if (now >= from && now <= to) {
                            inWindow.incrementAndGet();
                        }
                    }
                }
            }
        }
    }
}
