package io.fieldlink.ingest.binary;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevicePayloadsTest {

    private final Optional<BinaryFormat> format = Optional.of(BinaryFormat.parse("g", "t:0:int16:/100 h:2:uint8"));

    @Test
    void aJsonObjectIsJsonWithOrWithoutFormat() {
        byte[] json = " {\"t\":21.5}".getBytes(StandardCharsets.UTF_8);
        assertThat(DevicePayloads.decode(json, Optional.empty()).payload().get("t").doubleValue()).isEqualTo(21.5);
        DevicePayloads.Decoded decoded = DevicePayloads.decode(json, format);
        assertThat(decoded.binary()).isFalse();
        assertThat(decoded.payload().toString()).isEqualTo("{\"t\":21.5}");
    }

    @Test
    void binaryIsDecodedWithTheFormat() {
        DevicePayloads.Decoded decoded = DevicePayloads.decode(new byte[]{0x08, 0x66, 0x7d}, format);
        assertThat(decoded.binary()).isTrue();
        assertThat(decoded.format().name()).isEqualTo("g");
        assertThat(decoded.payload().toString()).isEqualTo("{\"t\":21.5,\"h\":125}");
    }

    @Test
    void aPacketStartingWithABraceThatIsNotJsonIsStillBinary() {
        DevicePayloads.Decoded decoded = DevicePayloads.decode(new byte[]{'{', 0x00, 0x10}, format);
        assertThat(decoded.payload().get("h").intValue()).isEqualTo(16);
    }

    @Test
    void reasons() {
        assertThatThrownBy(() -> DevicePayloads.decode(new byte[]{1, 2}, format))
                .isInstanceOfSatisfying(DevicePayloads.PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo("undecodable"))
                .hasMessageContaining("packet has 2 bytes");
        assertThatThrownBy(() -> DevicePayloads.decode(new byte[]{1, 2}, Optional.empty()))
                .isInstanceOfSatisfying(DevicePayloads.PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo("unsupported-payload"));
        assertThatThrownBy(() -> DevicePayloads.decode("{\"t\":".getBytes(StandardCharsets.UTF_8), Optional.empty()))
                .isInstanceOfSatisfying(DevicePayloads.PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo("malformed"));
        assertThatThrownBy(() -> DevicePayloads.decode("{} {}".getBytes(StandardCharsets.UTF_8), Optional.empty()))
                .isInstanceOfSatisfying(DevicePayloads.PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo("malformed"));
        assertThatThrownBy(() -> DevicePayloads.decode(new byte[0], Optional.empty()))
                .isInstanceOfSatisfying(DevicePayloads.PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo("unsupported-payload"));
    }
}
