package io.fieldlink.ingest.binary;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryFormatsTest {

    private final Map<String, BinaryFormat> compiled = BinaryFormats.compile(
            Map.of("a", "v:0:uint8", "b", "v:0:int8"),
            Map.of("c", List.of(new BinaryFormat.FieldSpec("v", 0, null, "uint16", null))));

    @Test
    void deviceThenEntryPointThenDefault() {
        var formats = new BinaryFormats(compiled, "a", Map.of("295000000000001", "c"), Map.of("relay", "b"));
        assertThat(name(formats.select("295000000000001", "b"))).isEqualTo("c");
        assertThat(name(formats.select("295000000000002", "b"))).isEqualTo("b");
        assertThat(name(formats.select("295000000000002", null))).isEqualTo("a");
        assertThat(name(formats.select(null, " "))).isEqualTo("a");
        assertThat(name(formats.forFunnel("295000000000002", "relay"))).isEqualTo("b");
        assertThat(name(formats.forFunnel("295000000000002", "other"))).isEqualTo("a");
        assertThat(name(formats.forFunnel("295000000000001", "relay"))).isEqualTo("c");
    }

    @Test
    void withoutDefaultNothingApplies() {
        var formats = new BinaryFormats(compiled, null, Map.of(), Map.of());
        assertThat(formats.select("295000000000001", null)).isEmpty();
        assertThat(formats.forFunnel("295000000000001", "relay")).isEmpty();
        assertThat(BinaryFormats.none().select("x", null)).isEmpty();
    }

    @Test
    void everyReferenceMustExist() {
        assertThatThrownBy(() -> new BinaryFormats(compiled, "nope", Map.of(), Map.of()))
                .hasMessageStartingWith("fieldlink.ingest.binary.default-format names binary format 'nope', which is not configured");
        assertThatThrownBy(() -> new BinaryFormats(compiled, null, Map.of("295", "nope"), Map.of()))
                .hasMessageStartingWith("fieldlink.ingest.binary.devices.295 names binary format 'nope'");
        assertThatThrownBy(() -> new BinaryFormats(compiled, null, Map.of(), Map.of("relay", "nope")))
                .hasMessageStartingWith("fieldlink.ingest.binary.funnel-credentials.relay names binary format 'nope'");
        assertThatThrownBy(() -> new BinaryFormats(compiled, null, Map.of(), Map.of()).require("x", "fieldlink.ingest.harvest.format"))
                .hasMessageStartingWith("fieldlink.ingest.harvest.format names binary format 'x'");
    }

    @Test
    void aGroupIsEitherACompactStringOrAFieldList() {
        assertThatThrownBy(() -> BinaryFormats.compile(Map.of("a", "v:0:uint8"),
                Map.of("a", List.of(new BinaryFormat.FieldSpec("v", 0, null, "uint8", null)))))
                .hasMessage("binary format 'a': set either format or fields, not both");
    }

    private static String name(Optional<BinaryFormat> format) {
        return format.map(BinaryFormat::name).orElse(null);
    }
}
