package io.fieldlink.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorOptionsTest {

    @Test
    void parsesTheDocumentedCommandLine() {
        var options = SimulatorOptions.parse("--ingest-url", "http://127.0.0.1:8081", "--psk", "local-beam-psk",
                "--devices", "10", "--interval", "5s", "--seed", "42", "--count", "3", "--imsi-prefix", "29500000000",
                "--zone=Asia/Tokyo");

        assertThat(options).isEqualTo(new SimulatorOptions(URI.create("http://127.0.0.1:8081"), "local-beam-psk", 10,
                Duration.ofSeconds(5), 42, 3, "29500000000", ZoneId.of("Asia/Tokyo")));
        assertThat(options.telemetryEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8081/v1/telemetry"));
    }

    @Test
    void defaultsEverythingButThePsk() {
        var options = SimulatorOptions.parse("--psk=k");

        assertThat(options.ingestUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(options.devices()).isEqualTo(10);
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.count()).isZero();
        assertThat(options.imsiPrefix()).isEqualTo("29500000000");
    }

    @Test
    void parsesTheMqttMode() {
        var options = SimulatorOptions.parse("--mode", "mqtt", "--mqtt-url", "tcp://broker.example.com:1883",
                "--tenant", "OP0000000042", "--mqtt-topic", "t/{tenant}/d/{imsi}", "--mqtt-password=pw", "--devices", "3",
                "--payload", "binary", "--seed", "1");

        assertThat(options.mode()).isEqualTo(SimulatorOptions.Mode.MQTT);
        assertThat(options.mqttUrl()).isEqualTo(URI.create("tcp://broker.example.com:1883"));
        assertThat(options.psk()).isNull();
        assertThat(options.payload()).isEqualTo(SimulatorOptions.PayloadFormat.BINARY);
        assertThat(options.mqttPassword()).isEqualTo("pw");
        assertThat(options.mqttTopic(SimulatedDevice.of(options.imsiPrefix(), 3))).isEqualTo("t/OP0000000042/d/295000000000003");
        assertThat(options.toString()).contains("mqttPassword=***").doesNotContain("=pw");
    }

    @Test
    void mqttDefaults() {
        var options = SimulatorOptions.parse("--mode=MQTT");

        assertThat(options.mqttUrl()).isEqualTo(URI.create("tcp://127.0.0.1:1883"));
        assertThat(options.tenant()).isEqualTo("OP0000000001");
        assertThat(options.mqttPassword()).isNull();
        assertThat(options.payload()).isEqualTo(SimulatorOptions.PayloadFormat.JSON);
        assertThat(options.mqttTopic(SimulatedDevice.of(options.imsiPrefix(), 1)))
                .isEqualTo("tenants/OP0000000001/devices/295000000000001/telemetry");
        assertThat(SimulatorOptions.mqtt(URI.create("tcp://h:1")).withTenant("OP2").withMqttTopic("d/{imsi}")
                .mqttTopic(SimulatedDevice.of("29500000000", 7))).isEqualTo("d/295000000000007");
    }

    @Test
    void sprinklersAreOffByDefaultAndUseTheMqttUrlWhenOn() {
        assertThat(SimulatorOptions.parse("--psk", "k").sprinklerUrl()).isNull();
        assertThat(SimulatorOptions.parse("--psk", "k", "--mqtt-url", "tcp://broker:1884", "--sprinklers", "mqtt").sprinklerUrl())
                .isEqualTo(URI.create("tcp://broker:1884"));
        assertThat(SimulatorOptions.parse("--psk", "k", "--sprinkler-url", "tcp://other:1885").sprinklerUrl())
                .as("--sprinkler-url implies --sprinklers mqtt").isEqualTo(URI.create("tcp://other:1885"));
        assertThat(SimulatorOptions.parse("--psk", "k", "--sprinkler-url", "tcp://other:1885", "--sprinklers", "off").sprinklerUrl())
                .isNull();
        assertThat(SimulatorOptions.mqtt(URI.create("tcp://h:1")).withSprinklers(URI.create("tcp://h:2")).sprinklerUrl())
                .isEqualTo(URI.create("tcp://h:2"));
    }

    @Test
    void rejectsBadSprinklerOptions() {
        assertThatThrownBy(() -> SimulatorOptions.parse("--psk", "k", "--sprinklers", "lwm2m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--sprinklers must be mqtt or off, got 'lwm2m'");
        assertThatThrownBy(() -> SimulatorOptions.parse("--psk", "k", "--sprinkler-url", "http://broker:1883"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--sprinkler-url must be tcp://host:port or ssl://host:port, got 'http://broker:1883'");
    }

    @Test
    void anMqttRoundReportsItsTransport() {
        var report = new RoundReport(4, java.time.Instant.EPOCH, 10, 9, 1, 1, 0, "MqttException: lost",
                SimulatorOptions.Mode.MQTT);
        assertThat(report.summary()).isEqualTo("round 4: sent 9/10, failed 1, retried 1, via MQTT (QoS 1) (MqttException: lost)");
    }

    @Test
    void neverPrintsThePsk() {
        assertThat(SimulatorOptions.parse("--psk", "very-secret-psk").toString()).doesNotContain("very-secret-psk").contains("psk=***");
    }

    @Test
    void keepsAPathPrefixOfTheIngestUrl() {
        assertThat(SimulatorOptions.parse("--psk", "k", "--ingest-url", "https://edge.example.com/ingest/").telemetryEndpoint())
                .isEqualTo(URI.create("https://edge.example.com/ingest/v1/telemetry"));
    }

    @Test
    void udpModeNeedsNoPskAndTakesATargetAndAPayloadFormat() {
        var options = SimulatorOptions.parse("--mode", "udp", "--udp-target", "127.0.0.1:9514", "--payload", "binary",
                "--udp-header", "none");
        assertThat(options.mode()).isEqualTo(SimulatorOptions.Mode.UDP);
        assertThat(options.payload()).isEqualTo(SimulatorOptions.PayloadFormat.BINARY);
        assertThat(options.udpTarget().getPort()).isEqualTo(9514);
        assertThat(options.udpTarget().getHostString()).isEqualTo("127.0.0.1");
        assertThat(options.udpHeaderLine()).isFalse();
        var defaults = SimulatorOptions.parse("--mode=UDP");
        assertThat(defaults.udpTarget().getPort()).isEqualTo(8514);
        assertThat(defaults.payload()).isEqualTo(SimulatorOptions.PayloadFormat.JSON);
        assertThat(defaults.udpHeaderLine()).isTrue();
        assertThat(SimulatorOptions.parse("--psk", "k").mode()).isEqualTo(SimulatorOptions.Mode.HTTP);
    }

    @ParameterizedTest
    @CsvSource({"5s, PT5S", "500ms, PT0.5S", "2m, PT2M", "1h, PT1H", "7, PT7S", "PT0.25S, PT0.25S"})
    void parsesIntervals(String text, String expected) {
        assertThat(SimulatorOptions.parseDuration(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "--devices|10 ; --psk is required",
            "--psk|k|--devices|0 ; --devices must be between 1 and",
            "--psk|k|--devices|ten ; --devices must be a whole number, got 'ten'",
            "--psk|k|--devices|10000 ; --devices must be between 1 and 9999",
            "--psk|k|--interval|soon ; --interval must be a duration like 5s",
            "--psk|k|--interval|0s ; --interval must be positive",
            "--psk|k|--count|-1 ; --count must be between 0 and",
            "--psk|k|--ingest-url|ftp://host ; --ingest-url must be an http:// or https:// URL",
            "--psk|k|--ingest-url|http://h/?q=1 ; --ingest-url must be a base URL without query",
            "--psk|k|--imsi-prefix|29a ; --imsi-prefix must be 5 to 14 digits",
            "--psk|k|--zone|Mars/Olympus ; --zone must be a time zone id",
            "--psk|k|--colour|red ; unknown option --colour",
            "--psk|k|extra ; unexpected argument 'extra'",
            "--psk ; --psk needs a value",
            "--psk|k|--payload|binary ; --payload binary needs --mode udp",
            "--mode|carrier-pigeon ; --mode must be one of [http, udp, mqtt]",
            "--mode|udp|--udp-target|localhost ; --udp-target must be host:port",
            "--mode|udp|--udp-target|127.0.0.1:0 ; --udp-target port must be between 1 and 65535",
            "--mode|udp|--payload|xml ; --payload must be one of [json, binary]",
            "--mode|mqtt|--mqtt-url|http://broker:1883 ; --mqtt-url must be tcp://host:port or ssl://host:port",
            "--mode|mqtt|--mqtt-url|tcp://broker ; --mqtt-url must be tcp://host:port",
            "--mode|mqtt|--tenant|OP/1 ; --tenant must be an operator id without / + #",
            "--mode|mqtt|--mqtt-topic|devices/telemetry ; --mqtt-topic needs {imsi} once",
            "--mode|mqtt|--mqtt-topic|devices/+/{imsi} ; --mqtt-topic levels must be non-empty, without + #",
            "--mode|udp|--udp-header|maybe ; --udp-header must be imsi or none"
    })
    void refusesBadOptionsNamingTheOption(String args, String message) {
        assertThatThrownBy(() -> SimulatorOptions.parse(args.trim().split("\\|")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.trim());
    }

    @Test
    void cliAnswersBadOptionsWithAMessageAndExitStatusTwo() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = SimulatorMain.run(new String[]{"--psk", "k", "--interval", "often"}, print(out), print(err), false);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("device-simulator: --interval must be a duration like 5s, 500ms, 1m or PT5S, got 'often'")
                .contains("--help");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void cliPrintsHelp() {
        var out = new ByteArrayOutputStream();

        int status = SimulatorMain.run(new String[]{"--help"}, print(out), print(new ByteArrayOutputStream()), false);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar device-simulator.jar", "--imsi-prefix");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheLwm2mOptions() {
        var options = SimulatorOptions.parse("--psk=k", "--lwm2m", "coaps://127.0.0.1:5684", "--lwm2m-psk-master", "00ff",
                "--lwm2m-lifetime", "2m");

        assertThat(options.lwm2m().server()).isEqualTo(URI.create("coaps://127.0.0.1:5684"));
        assertThat(options.lwm2m().secure()).isTrue();
        assertThat(options.lwm2m().lifetime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.lwm2m().pskFor("295000000000001")).hasSize(32);
        assertThat(options.toString()).doesNotContain("00ff");
        assertThat(SimulatorOptions.parse("--psk=k").lwm2m()).isNull();
        assertThat(SimulatorOptions.parse("--psk=k", "--lwm2m", "coap://127.0.0.1:5683").lwm2m().lifetime())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesLwm2mOptionsThatCannotWork() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatorOptions.parse("--psk=k", "--lwm2m", "http://127.0.0.1:5683"))
                .withMessageContaining("--lwm2m must be coap://");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatorOptions.parse("--psk=k", "--lwm2m", "coaps://127.0.0.1:5684"))
                .withMessageContaining("--lwm2m-psk-master");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatorOptions.parse("--psk=k", "--lwm2m", "coaps://h:5684", "--lwm2m-psk-master", "xyz"))
                .withMessageContaining("hex");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> SimulatorOptions.parse("--psk=k", "--lwm2m-psk-master", "00ff"))
                .withMessageContaining("need --lwm2m");
    }
}
