package io.fieldlink.ingest.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class TelemetryNormalizerTest {

    private final TelemetryNormalizer normalizer = new TelemetryNormalizer("timestamp");

    private static JsonNode json(String text) {
        return RequestBodies.parseObject(text.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void numbersAreMeasurementsAndOtherScalarsAttributes() {
        var n = normalizer.normalize(json("{'temperature':21.5,'count':3,'ok':true,'firmware':'1.2.0','off':false}"));
        assertThat(n.measurements()).containsOnly(entry("temperature", 21.5), entry("count", 3.0));
        assertThat(n.attributes()).containsOnly(entry("ok", "true"), entry("firmware", "1.2.0"), entry("off", "false"));
        assertThat(n.deviceTime()).isEmpty();
    }

    @Test
    void nestedObjectsAreFlattenedWithDots() {
        var n = normalizer.normalize(json("{'soil':{'moisture':0.31,'probe':{'depth':20,'model':'SM-1'}},'empty':{}}"));
        assertThat(n.measurements()).containsOnly(entry("soil.moisture", 0.31), entry("soil.probe.depth", 20.0));
        assertThat(n.attributes()).containsOnly(entry("soil.probe.model", "SM-1"));
    }

    @Test
    void arraysAreFlattenedWithTheIndex() {
        var n = normalizer.normalize(json("{'levels':[1,2.5,'high',[7]],'gps':[{'lat':35.6}],'none':[]}"));
        assertThat(n.measurements()).containsOnly(entry("levels.0", 1.0), entry("levels.1", 2.5),
                entry("levels.3.0", 7.0), entry("gps.0.lat", 35.6));
        assertThat(n.attributes()).containsOnly(entry("levels.2", "high"));
    }

    @Test
    void nullsAreDropped() {
        var n = normalizer.normalize(json("{'a':null,'b':{'c':null},'d':1}"));
        assertThat(n.measurements()).containsOnlyKeys("d");
        assertThat(n.attributes()).isEmpty();
    }

    @Test
    void misspeltNamesAreKeptAsTheDeviceSentThem() {
        var n = normalizer.normalize(json("{'temparature':24,'humidity':33,'Temp C':1}"));
        assertThat(n.measurements()).containsOnlyKeys("temparature", "humidity", "Temp C");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1764237600|2025-11-27T10:00:00Z",
            "1764237600.25|2025-11-27T10:00:00.250Z",
            "1764237600123|2025-11-27T10:00:00.123Z",
            "\"1764237600\"|2025-11-27T10:00:00Z",
            "\"1764237600123\"|2025-11-27T10:00:00.123Z",
            "\"2025-11-27T10:00:00Z\"|2025-11-27T10:00:00Z",
            "\"2025-11-27T10:00:00.5Z\"|2025-11-27T10:00:00.500Z",
            "\"2025-11-27T19:00:00+09:00\"|2025-11-27T10:00:00Z",
    })
    void deviceTimestampInEachFormatSetsEventTimeAndIsNoMeasurement(String value, String expected) {
        var n = normalizer.normalize(json("{'timestamp':" + value + ",'t':1}"));
        assertThat(n.deviceTime()).contains(Instant.parse(expected));
        assertThat(n.measurements()).containsOnlyKeys("t");
        assertThat(n.attributes()).isEmpty();
    }

    @Test
    void unreadableTimestampStaysAnOrdinaryField() {
        // Funnel's documented example: local time without zone is never guessed
        var local = normalizer.normalize(json("{'timestamp':'2017-04-02 23:49:03.986204','t':1}"));
        assertThat(local.deviceTime()).isEmpty();
        assertThat(local.attributes()).containsOnly(entry("timestamp", "2017-04-02 23:49:03.986204"));
        var negative = normalizer.normalize(json("{'timestamp':-5}"));
        assertThat(negative.deviceTime()).isEmpty();
        assertThat(negative.measurements()).containsOnly(entry("timestamp", -5.0));
        var flag = normalizer.normalize(json("{'timestamp':true}"));
        assertThat(flag.deviceTime()).isEmpty();
        assertThat(flag.attributes()).containsOnly(entry("timestamp", "true"));
    }

    @Test
    void onlyTheTopLevelConfiguredFieldIsTheTimestamp() {
        var n = normalizer.normalize(json("{'gps':{'timestamp':1764237600},'time':1764237600}"));
        assertThat(n.deviceTime()).isEmpty();
        assertThat(n.measurements()).containsOnlyKeys("gps.timestamp", "time");

        var custom = new TelemetryNormalizer("ts").normalize(json("{'ts':'2025-11-27T10:00:00Z','timestamp':5}"));
        assertThat(custom.deviceTime()).contains(Instant.parse("2025-11-27T10:00:00Z"));
        assertThat(custom.measurements()).containsOnly(entry("timestamp", 5.0));
    }

    @Test
    void aNameFlattenedTwiceKeepsTheLaterValueInOneMapOnly() {
        var n = normalizer.normalize(json("{'a.b':1,'a':{'b':'x'}}"));
        assertThat(n.measurements()).isEmpty();
        assertThat(n.attributes()).containsOnly(entry("a.b", "x"));
    }

    @Test
    void numbersTooLargeForADoubleBecomeAttributes() {
        var n = normalizer.normalize(json("{'huge':1e400,'big':12345678901234567890}"));
        assertThat(n.measurements()).containsOnly(entry("big", 12345678901234567890d));
        assertThat(n.attributes()).containsKey("huge");
    }

    @Test
    void onlyObjects() {
        assertThatThrownBy(() -> normalizer.normalize(tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
