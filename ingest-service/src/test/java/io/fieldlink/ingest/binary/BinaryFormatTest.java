package io.fieldlink.ingest.binary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every type and byte order against hand-computed vectors; nesting, short packets, the compact form. */
class BinaryFormatTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static JsonNode single(String type, String hexBytes) {
        return BinaryFormat.of("g", List.of(new BinaryFormat.FieldSpec("v", 0, null, type, null))).decode(hex(hexBytes)).get("v");
    }

    @ParameterizedTest(name = "{0} of {1} = {2}")
    @CsvSource({
            // one byte
            "int8,      ff,                       -1",
            "int8,      80,                       -128",
            "int8,      7f,                       127",
            "uint8,     ff,                       255",
            "uint8,     80,                       128",
            // 0xFF 0xFE: big endian 0xFFFE, little endian 0xFEFF
            "int16,     ff fe,                    -2",
            "int16be,   ff fe,                    -2",
            "int16le,   ff fe,                    -257",
            "uint16,    ff fe,                    65534",
            "uint16le,  ff fe,                    65279",
            "int16,     08 66,                    2150",
            // 32 bits
            "int32,     80 00 00 00,              -2147483648",
            "int32le,   fe ff ff ff,              -2",
            "uint32,    ff ff ff ff,              4294967295",
            "uint32le,  01 00 00 80,              2147483649",
            "uint32be,  00 01 00 00,              65536",
            // 64 bits
            "int64,     80 00 00 00 00 00 00 00,  -9223372036854775808",
            "int64le,   00 00 00 00 00 00 00 80,  -9223372036854775808",
            "int64,     7f ff ff ff ff ff ff ff,  9223372036854775807",
            "int64le,   fe ff ff ff ff ff ff ff,  -2",
            "uint64,    00 00 00 00 00 00 01 00,  256",
    })
    void integersKeepTheirExactValue(String type, String bytes, long expected) {
        JsonNode value = single(type, bytes);
        assertThat(value.isIntegralNumber()).isTrue();
        assertThat(value.longValue()).isEqualTo(expected);
    }

    @Test
    void uint64AboveLongMaxIsABigInteger() {
        assertThat(single("uint64", "ff ff ff ff ff ff ff ff").bigIntegerValue())
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(single("uint64", "80 00 00 00 00 00 00 01").bigIntegerValue())
                .isEqualTo(new BigInteger("9223372036854775809"));
        assertThat(single("uint64le", "01 00 00 00 00 00 00 80").bigIntegerValue())
                .isEqualTo(new BigInteger("9223372036854775809"));
    }

    @ParameterizedTest(name = "{0} of {1} = {2}")
    @CsvSource({
            // 21.5 = 1.34375 * 2^4: float32 0x41AC0000, float64 0x4035800000000000
            "float32,    41 ac 00 00,              21.5",
            "float32be,  41 ac 00 00,              21.5",
            "float32le,  00 00 ac 41,              21.5",
            "float64,    40 35 80 00 00 00 00 00,  21.5",
            "float64le,  00 00 00 00 00 80 35 40,  21.5",
            // -2.0: float32 0xC0000000
            "float32,    c0 00 00 00,              -2.0",
            // 0.1f = 0x3DCCCCCD is widened through its shortest decimal form
            "float32,    3d cc cc cd,              0.1",
            "float64,    3f b9 99 99 99 99 99 9a,  0.1",
    })
    void floats(String type, String bytes, double expected) {
        JsonNode value = single(type, bytes);
        assertThat(value.isFloatingPointNumber()).isTrue();
        assertThat(value.doubleValue()).isEqualTo(expected);
    }

    @Test
    void floatNaNAndInfinityAreLeftOut() {
        var format = BinaryFormat.parse("g", "a:0:float32 b:4:float32 c:8:uint8");
        ObjectNode out = format.decode(hex("7f c0 00 00  7f 80 00 00  05"));
        assertThat(out.has("a")).isFalse();
        assertThat(out.has("b")).isFalse();
        assertThat(out.get("c").intValue()).isEqualTo(5);
    }

    @Test
    void boolReadsOneBitCountedFromTheLeastSignificant() {
        var format = BinaryFormat.of("g", List.of(
                new BinaryFormat.FieldSpec("b0", 0, 0, "bool", null),
                new BinaryFormat.FieldSpec("b1", 0, 1, "bool", null),
                new BinaryFormat.FieldSpec("b7", 0, 7, "bool", null),
                new BinaryFormat.FieldSpec("c3", 1, 3, "bool", null),
                new BinaryFormat.FieldSpec("c4", 1, 4, "bool", null)));
        // 0x81 = 1000 0001, 0x08 = 0000 1000
        ObjectNode out = format.decode(hex("81 08"));
        assertThat(out.get("b0").booleanValue()).isTrue();
        assertThat(out.get("b1").booleanValue()).isFalse();
        assertThat(out.get("b7").booleanValue()).isTrue();
        assertThat(out.get("c3").booleanValue()).isTrue();
        assertThat(out.get("c4").booleanValue()).isFalse();
    }

    @Test
    void expressionsScaleTheRawValue() {
        var format = BinaryFormat.of("g", List.of(
                new BinaryFormat.FieldSpec("temperature", 0, null, "int16", "x / 100"),
                new BinaryFormat.FieldSpec("humidity", 2, null, "uint8", "/2"),
                new BinaryFormat.FieldSpec("offset", 3, null, "uint16le", "(x - 400) / 10"),
                new BinaryFormat.FieldSpec("raw", 0, null, "int16", null)));
        // 0xF79A = -2150; 0x7D = 125; 0x028A little endian = 650
        ObjectNode out = format.decode(hex("f7 9a 7d 8a 02"));
        assertThat(out.get("temperature").doubleValue()).isEqualTo(-21.5);
        assertThat(out.get("humidity").doubleValue()).isEqualTo(62.5);
        assertThat(out.get("offset").doubleValue()).isEqualTo(25.0);
        assertThat(out.get("raw").longValue()).isEqualTo(-2150); // overlapping fields are fine
    }

    @Test
    void anExpressionThatDividesByZeroLeavesTheFieldOut() {
        var format = BinaryFormat.parse("g", "inverse:0:uint8:100/x other:1:uint8");
        assertThat(format.decode(hex("00 07")).has("inverse")).isFalse();
        assertThat(format.decode(hex("04 07")).get("inverse").doubleValue()).isEqualTo(25.0);
    }

    @Test
    void dotsNest() {
        var format = BinaryFormat.parse("g", "soil.moisture:0:uint16:/1000 soil.temperature:2:int8 battery:3:uint8");
        ObjectNode out = format.decode(hex("01 5b f6 21"));
        assertThat(out.toString()).isEqualTo("{\"soil\":{\"moisture\":0.347,\"temperature\":-10},\"battery\":33}");
    }

    @Test
    void aShortPacketIsAnErrorNeverAPartialReading() {
        var format = BinaryFormat.parse("potato", "temperature:0:int16:/100 humidity:2:uint8 battery:5:uint16:/1000");
        assertThat(format.minLength()).isEqualTo(7);
        assertThatThrownBy(() -> format.decode(hex("08 66 7d")))
                .isInstanceOf(BinaryDecodingException.class)
                .hasMessage("packet has 3 bytes, format 'potato' needs 7 (field 'battery' (uint16be at offset 5) ends at byte 7)");
        assertThatThrownBy(() -> format.decode(new byte[0])).isInstanceOf(BinaryDecodingException.class);
        // longer packets: trailing bytes are ignored
        assertThat(format.decode(hex("08 66 7d 00 00 0e 42 ff ff")).get("battery").doubleValue()).isEqualTo(3.65);
    }

    @Test
    void theCompactFormMatchesTheFieldList() {
        var compact = BinaryFormat.parse("g", "temp:0:int16:/100  hum:2:uint8\nflag:3:bool:7 v:4:float32le");
        var listed = BinaryFormat.of("g", List.of(
                new BinaryFormat.FieldSpec("temp", 0, null, "int16", "/100"),
                new BinaryFormat.FieldSpec("hum", 2, null, "uint8", null),
                new BinaryFormat.FieldSpec("flag", 3, 7, "bool", null),
                new BinaryFormat.FieldSpec("v", 4, null, "float32le", null)));
        byte[] packet = hex("08 66 7d 80 00 00 ac 41");
        assertThat(compact.decode(packet)).isEqualTo(listed.decode(packet));
        assertThat(compact.decode(packet).toString()).isEqualTo("{\"temp\":21.5,\"hum\":125,\"flag\":true,\"v\":21.5}");
        assertThat(compact.toString()).isEqualTo("temp:0:int16be:x/100 hum:2:uint8 flag:3:bool:7 v:4:float32le");
    }

    @Test
    void theDocumentedExampleFormatDecodesTheSimulatorsPacket() {
        // docs/ingest.md "Binary payloads" example; device-simulator's BinaryReadingEncoder writes it
        var format = BinaryFormat.parse("potato-sensor",
                "temperature:0:int16:/100 humidity:2:uint16:/10 soil.moisture:4:uint16:/1000 battery:6:uint16:/1000 timestamp:8:uint32");
        // 21.37 -> 2137 = 0x0859; 62.4 -> 624 = 0x0270; 0.347 -> 347 = 0x015B; 3.652 -> 3652 = 0x0E44;
        // 1764237600 = 0x69282120
        ObjectNode out = format.decode(hex("08 59 02 70 01 5b 0e 44 69 28 21 20"));
        assertThat(out.toString()).isEqualTo(
                "{\"temperature\":21.37,\"humidity\":62.4,\"soil\":{\"moisture\":0.347},\"battery\":3.652,\"timestamp\":1764237600}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a:0:int17                 | binary format 'g', field 'a': unknown type 'int17'",
            "a:0:int8le                | binary format 'g', field 'a': type 'int8le' is one byte",
            "a:0:bool:8                | binary format 'g', field 'a': bit must be between 0 and 7, got 8",
            "a:0:bool                  | binary format 'g', field 'a': bool needs a bit",
            "a:0:bool:x                | binary format 'g', field 'a': bit must be a number 0..7",
            "a:0:uint8 a:1:uint8       | binary format 'g', field 'a': name is used twice",
            "soil:0:uint8 soil.m:1:uint8 | binary format 'g', field 'soil.m': nests under 'soil', which is a field itself",
            "soil.m:0:uint8 soil:1:uint8 | binary format 'g', field 'soil': name is also the parent",
            "a..b:0:uint8              | binary format 'g', field 'a..b': name must be",
            "a:-1:uint8                | binary format 'g', field 'a': offset must be between 0 and 65535, got -1",
            "a:one:uint8               | binary format 'g', field 'a': offset must be a number",
            "a:0:uint8:x*y             | binary format 'g', field 'a': expression 'x*y': unexpected 'y' at position 3",
            "a:0:uint8:5               | binary format 'g', field 'a': expression '5' does not use x",
            "a:0                       | binary format 'g', field 'a:0': expected name:offset:type",
    })
    void invalidFormatsFailNamingTheGroupAndTheField(String compact, String message) {
        assertThatThrownBy(() -> BinaryFormat.parse("g", compact))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message.strip());
    }

    @Test
    void invalidFieldListsFailToo() {
        assertThatThrownBy(() -> BinaryFormat.of("g", List.of()))
                .hasMessage("binary format 'g': no fields");
        assertThatThrownBy(() -> BinaryFormat.of("g", List.of(new BinaryFormat.FieldSpec("a", null, null, "uint8", null))))
                .hasMessage("binary format 'g', field 'a': offset is missing");
        assertThatThrownBy(() -> BinaryFormat.of("g", List.of(new BinaryFormat.FieldSpec("a", 0, 3, "uint8", null))))
                .hasMessage("binary format 'g', field 'a': bit is only for bool fields");
        assertThatThrownBy(() -> BinaryFormat.of("g", List.of(new BinaryFormat.FieldSpec("a", 0, 3, "bool", "x*2"))))
                .hasMessage("binary format 'g', field 'a': a bool takes no expression");
        assertThatThrownBy(() -> BinaryFormat.of("g", List.of(new BinaryFormat.FieldSpec(null, 0, null, "uint8", null))))
                .hasMessageStartingWith("binary format 'g', field #0: name must be");
        assertThatThrownBy(() -> BinaryFormat.of("g", List.of(new BinaryFormat.FieldSpec("a", 0, null, null, null))))
                .hasMessageStartingWith("binary format 'g', field 'a': type is missing");
    }
}
