package io.fieldlink.ingest.mqtt;

import io.fieldlink.ingest.IngestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and validation of {@code fieldlink.ingest.mqtt.*}, and the connection options made of it. */
class MqttPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaults() {
        IngestProperties.Mqtt mqtt = IngestProperties.defaults().mqtt();

        assertThat(mqtt.enabled()).isFalse();
        assertThat(mqtt.url()).isEqualTo("tcp://localhost:1883");
        assertThat(mqtt.clientId()).isEmpty();
        assertThat(mqtt.username()).isNull();
        assertThat(mqtt.password()).isNull();
        assertThat(mqtt.topicPattern()).isEqualTo("tenants/{tenantId}/devices/{deviceId}/telemetry");
        assertThat(mqtt.tenants()).isEmpty();
        assertThat(mqtt.sharedGroup()).isEqualTo("fieldlink-ingest");
        assertThat(mqtt.qos()).isEqualTo(1);
        assertThat(mqtt.sessionExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(mqtt.completionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(mqtt.format()).isNull();
    }

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues(
                        "fieldlink.ingest.mqtt.enabled=true",
                        "fieldlink.ingest.mqtt.url=ssl://broker.example.com:8883",
                        "fieldlink.ingest.mqtt.client-id=ingest-0",
                        "fieldlink.ingest.mqtt.username=fieldlink-ingest",
                        "fieldlink.ingest.mqtt.password=s3cret-pass",
                        "fieldlink.ingest.mqtt.topic-pattern=devices/{deviceId}/telemetry",
                        "fieldlink.ingest.mqtt.tenants[0]=OP0000000001",
                        "fieldlink.ingest.mqtt.shared-group=edge",
                        "fieldlink.ingest.mqtt.qos=0",
                        "fieldlink.ingest.mqtt.session-expiry=2h",
                        "fieldlink.ingest.mqtt.completion-timeout=10s",
                        "fieldlink.ingest.mqtt.format=tank")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IngestProperties.Mqtt mqtt = context.getBean(IngestProperties.class).mqtt();
                    assertThat(mqtt).isEqualTo(new IngestProperties.Mqtt(true, "ssl://broker.example.com:8883", "ingest-0",
                            "fieldlink-ingest", "s3cret-pass", "devices/{deviceId}/telemetry", List.of("OP0000000001"),
                            "edge", 0, Duration.ofHours(2), Duration.ofSeconds(10), "tank"));
                });
    }

    @Test
    void refusesInvalidSettingsAtStartup() {
        for (String invalid : new String[]{
                "fieldlink.ingest.mqtt.url=http://broker:1883",
                "fieldlink.ingest.mqtt.client-id=has space",
                "fieldlink.ingest.mqtt.topic-pattern=devices/+/telemetry",
                "fieldlink.ingest.mqtt.topic-pattern=devices/{deviceId}/telemetry", // no tenant configured
                "fieldlink.ingest.mqtt.shared-group=a/b",
                "fieldlink.ingest.mqtt.shared-group=",
                "fieldlink.ingest.mqtt.qos=2",
                "fieldlink.ingest.mqtt.session-expiry=0s",
                "fieldlink.ingest.mqtt.completion-timeout=10m",
        }) {
            runner.withPropertyValues(invalid).run(context -> assertThat(context).as(invalid).hasFailed());
        }
    }

    @Test
    void neverPrintsThePassword() {
        var mqtt = new IngestProperties.Mqtt(true, null, null, "ingest", "very-secret-password", null, null, null, null, null, null, null);
        assertThat(mqtt.toString()).contains("username=ingest", "password=****").doesNotContain("very-secret-password");
        var all = new IngestProperties(null, null, null, null, null, null, null, null, null, null, null, null, mqtt, null);
        assertThat(all.toString()).doesNotContain("very-secret-password");
    }

    @Test
    void connectionOptionsKeepTheSessionAndReconnect() {
        var mqtt = new IngestProperties.Mqtt(true, "tcp://127.0.0.1:1883", null, "ingest", "pw", null, null, null, null,
                Duration.ofMinutes(10), null, null);

        var options = MqttIngestConfiguration.connectionOptions(mqtt);

        assertThat(options.isCleanStart()).isFalse();
        assertThat(options.getSessionExpiryInterval()).isEqualTo(600L);
        assertThat(options.isAutomaticReconnect()).isTrue();
        assertThat(options.getServerURIs()).containsExactly("tcp://127.0.0.1:1883");
        assertThat(options.getUserName()).isEqualTo("ingest");
        assertThat(options.getPassword()).isEqualTo("pw".getBytes());
        assertThat(options.getReceiveMaximum()).isEqualTo(MqttIngestConfiguration.RECEIVE_MAXIMUM);
    }

    @Test
    void withoutEnabledThereIsNoMqttClientAtAll() {
        runner.withUserConfiguration(MqttIngestConfiguration.class)
                .withPropertyValues("fieldlink.ingest.mqtt.url=tcp://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MqttInboundAdapter.class);
                    assertThat(context).doesNotHaveBean(MqttTelemetryHandler.class);
                });
    }

    @Test
    void randomClientIdsDifferPerStart() {
        assertThat(MqttIngestConfiguration.randomClientId()).startsWith("fieldlink-ingest-").hasSize(29)
                .isNotEqualTo(MqttIngestConfiguration.randomClientId());
    }
}
