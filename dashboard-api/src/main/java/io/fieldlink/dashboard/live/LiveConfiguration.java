package io.fieldlink.dashboard.live;

import io.fieldlink.dashboard.DashboardProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wiring of the live streams. The sender and heartbeat executors are not beans on purpose: an
 * {@code Executor} bean would replace Boot's application task executor.
 */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

    @Bean(destroyMethod = "close")
    LiveRuntime liveRuntime(DashboardProperties properties, MeterRegistry meters) {
        return new LiveRuntime(properties.live(), meters);
    }

    @Bean
    LiveStreams liveStreams(LiveRuntime runtime) {
        return runtime.streams();
    }

    @Bean
    LiveConsumer liveConsumer(KafkaProperties kafka, LiveStreams streams) {
        return new LiveConsumer(kafka.buildConsumerProperties(), streams);
    }

    /**
     * The streams with their executors: a virtual thread per drain (a write to a slow client blocks only
     * its own thread) and one scheduler thread for heartbeats.
     */
    static final class LiveRuntime implements AutoCloseable {

        private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();
        private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("dashboard-live-heartbeat").daemon().factory());
        private final LiveStreams streams;

        LiveRuntime(DashboardProperties.Live live, MeterRegistry meters) {
            streams = new LiveStreams(live, sender, meters);
            long every = live.heartbeat().toMillis();
            heartbeats.scheduleAtFixedRate(streams::heartbeat, every, every, TimeUnit.MILLISECONDS);
        }

        LiveStreams streams() {
            return streams;
        }

        @Override
        public void close() {
            heartbeats.shutdownNow();
            streams.closeAll();
            sender.shutdown();
        }
    }
}
