package io.fieldlink.rules.streams;

import io.fieldlink.contracts.AlertAcknowledgeRequested;
import io.fieldlink.contracts.AlertEvent;
import io.fieldlink.contracts.ContractJson;
import io.fieldlink.contracts.DeviceCommandRequested;
import io.fieldlink.contracts.DeviceProfileChanged;
import io.fieldlink.contracts.SourceProtocol;
import io.fieldlink.contracts.TelemetryReceived;
import io.fieldlink.contracts.Topics;
import io.fieldlink.rules.RulesProperties;
import io.fieldlink.rules.definition.Rule;
import io.fieldlink.rules.definition.RuleJson;
import io.fieldlink.rules.evaluation.RuleEngine;
import io.fieldlink.testsupport.DataDirs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The rules topology in a {@link TopologyTestDriver}, with typed helpers for its topics. Close it after the test. */
final class TopologyHarness implements AutoCloseable {

    static final Instant WALL_START = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration PUNCTUATE = Duration.ofSeconds(1);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RulesStreamsMetrics metrics = new RulesStreamsMetrics(meters);
    private final Path stateDir = DataDirs.newTempDir("rules-topology");
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> telemetry;
    private final TestInputTopic<String, byte[]> acks;
    private final TestInputTopic<String, byte[]> rules;
    private final TestInputTopic<String, byte[]> devices;
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> commands;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final AtomicInteger messages = new AtomicInteger();

    TopologyHarness() {
        this(null);
    }

    /** @param stateCacheDevices devices whose rule states the evaluator keeps as objects; null for the default */
    TopologyHarness(Integer stateCacheDevices) {
        RulesProperties.Streams settings = new RulesProperties.Streams("rules-test", stateDir, null, null, null,
                PUNCTUATE, 0L, null, null, null, stateCacheDevices);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(RulesTopology.build(settings, new RuleEngine(), metrics), props, WALL_START);
        telemetry = input(Topics.TELEMETRY.name());
        acks = input(Topics.ALERT_ACKS.name());
        rules = input(Topics.RULES.name());
        devices = input(Topics.DEVICES.name());
        alerts = output(Topics.ALERTS.name());
        commands = output(Topics.COMMANDS.name());
        deadLetters = output(RulesTopology.DEAD_LETTER_TOPIC);
    }

    void putRule(Rule rule) {
        rules.pipeInput(rule.key(), RuleJson.write(rule));
    }

    void deleteRule(Rule rule) {
        rules.pipeInput(rule.key(), null);
    }

    void putProfile(String tenantId, String deviceId, String... tags) {
        devices.pipeInput(deviceId, ContractJson.write(new DeviceProfileChanged(tenantId, deviceId, Set.of(tags),
                WALL_START)));
    }

    /** A temperature reading taken {@code secondsAfterStart} after {@link #WALL_START}; returns its message id. */
    String reading(String tenantId, String deviceId, long secondsAfterStart, double temperature) {
        return reading(tenantId, deviceId, secondsAfterStart, Map.of("temperature", temperature));
    }

    /** A reading of several measurements taken {@code secondsAfterStart} after {@link #WALL_START}; returns its message id. */
    String reading(String tenantId, String deviceId, long secondsAfterStart, Map<String, Double> measurements) {
        Instant eventTime = WALL_START.plusSeconds(secondsAfterStart);
        String messageId = "m-" + messages.incrementAndGet();
        telemetry.pipeInput(deviceId, ContractJson.write(new TelemetryReceived(tenantId, deviceId,
                messageId, eventTime, eventTime, SourceProtocol.HTTP, null, measurements, null)));
        return messageId;
    }

    void rawTelemetry(String key, byte[] value) {
        telemetry.pipeInput(key, value);
    }

    void rawAck(String key, byte[] value) {
        acks.pipeInput(key, value);
    }

    void acknowledge(String tenantId, String deviceId, String alertId, String by, Instant at) {
        acks.pipeInput(deviceId, ContractJson.write(new AlertAcknowledgeRequested("req-" + messages.incrementAndGet(),
                tenantId, deviceId, alertId, by, at, null)));
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    List<AlertEvent> alerts() {
        return alerts.readValuesToList().stream().map(bytes -> ContractJson.read(bytes, AlertEvent.class)).toList();
    }

    List<TestRecord<String, byte[]>> alertRecords() {
        return alerts.readRecordsToList();
    }

    List<DeviceCommandRequested> commands() {
        return commands.readValuesToList().stream()
                .map(bytes -> ContractJson.read(bytes, DeviceCommandRequested.class)).toList();
    }

    List<TestRecord<String, byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    double count(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer(), WALL_START,
                Duration.ofMillis(1));
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            DataDirs.deleteRecursively(stateDir);
        }
    }
}
