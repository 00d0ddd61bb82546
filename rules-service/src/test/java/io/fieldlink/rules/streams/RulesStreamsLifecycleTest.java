package io.fieldlink.rules.streams;

import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.evaluation.RuleEngine;
import io.fieldlink.support.problem.ApiProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesStreamsLifecycleTest {

    private static final RulesProperties.Streams SETTINGS = new RulesProperties.Streams("rules-x", Path.of("/var/rules"),
            Duration.ofMillis(250), 2, 3, null, 0L, null, Duration.ofMillis(100),
            Map.of("main.consumer.session.timeout.ms", "6000", StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once"), null);

    @Test
    void exactlyOnceAndTheSettingsWinOverExtraProperties() {
        Properties properties = RulesStreamsLifecycle.streamsProperties(SETTINGS, "kafka:9092");

        assertThat(properties).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "rules-x")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("/var/rules").toAbsolutePath().toString())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L)
                .containsEntry("main.consumer.session.timeout.ms", "6000")
                .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    }

    @Test
    void aStoreQueryBeforeTheAppRunsIsA503AfterTheWait() {
        var meters = new SimpleMeterRegistry();
        var lifecycle = new RulesStreamsLifecycle(
                RulesTopology.build(SETTINGS, new RuleEngine(), new RulesStreamsMetrics(meters)),
                RulesStreamsLifecycle.streamsProperties(SETTINGS, "unused:9092"), SETTINGS.storeWait(), meters);

        assertThat(lifecycle.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThatThrownBy(() -> new StreamsRuleCatalog(lifecycle).list("OP0000000001"))
                .isInstanceOfSatisfying(StoreNotReadyException.class, e -> {
                    ApiProblemException problem = e;
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.type()).isEqualTo("rules-store-not-ready");
                    assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("1");
                });
        assertThatThrownBy(() -> lifecycle.query(RulesTopology.ALERTS_STORE, QueryableStoreTypes.keyValueStore(),
                store -> store.approximateNumEntries())).isInstanceOf(StoreNotReadyException.class);
    }
}
