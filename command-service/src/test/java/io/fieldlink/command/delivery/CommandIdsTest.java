package io.fieldlink.command.delivery;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CommandIdsTest {

    @Test
    void theSameTenantDeviceAndKeyGiveTheSameIdAndAnyDifferenceAnother() {
        String id = CommandIds.fromIdempotencyKey("OP-A", "dev-1", "k1");

        assertThat(CommandIds.fromIdempotencyKey("OP-A", "dev-1", "k1")).isEqualTo(id);
        assertThat(CommandIds.fromIdempotencyKey("OP-B", "dev-1", "k1")).isNotEqualTo(id);
        assertThat(CommandIds.fromIdempotencyKey("OP-A", "dev-2", "k1")).isNotEqualTo(id);
        assertThat(CommandIds.fromIdempotencyKey("OP-A", "dev-1", "k2")).isNotEqualTo(id);
        // the parts are length-prefixed: moving a character across a boundary is another id
        assertThat(CommandIds.fromIdempotencyKey("OP-A", "dev-1k", "1")).isNotEqualTo(id);
    }

    @Test
    void itIsAVersion8Uuid() {
        UUID uuid = UUID.fromString(CommandIds.fromIdempotencyKey("OP-A", "dev-1", "k1"));

        assertThat(uuid.version()).isEqualTo(8);
        assertThat(uuid.variant()).isEqualTo(2);
    }
}
