package io.fieldlink.ingest;

import io.fieldlink.ingest.binary.BinaryFormats;
import io.fieldlink.ingest.telemetry.TelemetryPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fieldlink.ingest.binary.*} as Spring binds it: both notations, and startup failures that name group and field. */
class BinaryFormatsStartupTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(IngestConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(TelemetryPublisher.class, () -> (event, correlationId) -> {
            });

    @Test
    void bindsCompactStringsFieldListsAndMappings() {
        runner.withPropertyValues(
                        "fieldlink.ingest.binary.formats.potato.format=temperature:0:int16:/100 humidity:2:uint8",
                        "fieldlink.ingest.binary.formats.tank.fields[0].name=level.cm",
                        "fieldlink.ingest.binary.formats.tank.fields[0].offset=0",
                        "fieldlink.ingest.binary.formats.tank.fields[0].type=uint16le",
                        "fieldlink.ingest.binary.formats.tank.fields[0].expression=(x - 400) / 10",
                        "fieldlink.ingest.binary.formats.tank.fields[1].name=alarm",
                        "fieldlink.ingest.binary.formats.tank.fields[1].offset=2",
                        "fieldlink.ingest.binary.formats.tank.fields[1].bit=7",
                        "fieldlink.ingest.binary.formats.tank.fields[1].type=bool",
                        "fieldlink.ingest.binary.default-format=potato",
                        "fieldlink.ingest.binary.devices.295000000000001=tank",
                        "fieldlink.ingest.binary.funnel-credentials.relay=tank")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BinaryFormats formats = context.getBean(BinaryFormats.class);
                    assertThat(formats.select("295000000000009", null).orElseThrow().name()).isEqualTo("potato");
                    assertThat(formats.select("295000000000001", null).orElseThrow().name()).isEqualTo("tank");
                    assertThat(formats.forFunnel("x", "relay").orElseThrow().toString())
                            .isEqualTo("level.cm:0:uint16le:(x - 400) / 10 alarm:2:bool:7");
                    assertThat(formats.named("tank").orElseThrow().decode(new byte[]{(byte) 0x8a, 0x02, (byte) 0x80}).toString())
                            .isEqualTo("{\"level\":{\"cm\":25.0},\"alarm\":true}");
                });
    }

    @Test
    void aBadFormatFailsStartupNamingGroupAndField() {
        runner.withPropertyValues("fieldlink.ingest.binary.formats.potato.format=temperature:0:int16:/100 flag:2:bool:9")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessage("binary format 'potato', field 'flag': bit must be between 0 and 7, got 9"));
        runner.withPropertyValues(
                        "fieldlink.ingest.binary.formats.tank.fields[0].name=level",
                        "fieldlink.ingest.binary.formats.tank.fields[0].offset=0",
                        "fieldlink.ingest.binary.formats.tank.fields[0].type=uint24")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageStartingWith("binary format 'tank', field 'level': unknown type 'uint24'"));
        runner.withPropertyValues(
                        "fieldlink.ingest.binary.formats.potato.format=t:0:int16",
                        "fieldlink.ingest.binary.formats.potato.fields[0].name=t")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessage("binary format 'potato': set either format or fields, not both"));
        runner.withPropertyValues("fieldlink.ingest.binary.default-format=nope")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageStartingWith("fieldlink.ingest.binary.default-format names binary format 'nope'"));
    }
}
