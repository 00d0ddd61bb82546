package io.fieldlink.ingest.telemetry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    private static final Instant TS = Instant.ofEpochMilli(1764237600123L);
    private static final byte[] BODY = "{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameInputsSameId() {
        assertThat(MessageIds.of("295000012345678", TS, BODY))
                .isEqualTo(MessageIds.of("295000012345678", TS, BODY.clone()))
                .isEqualTo(MessageIds.of("295000012345678", TS.toEpochMilli(), MessageIds.sha256Hex(BODY)));
    }

    @Test
    void anyChangeGivesAnotherId() {
        String id = MessageIds.of("295000012345678", TS, BODY);
        assertThat(MessageIds.of("295000012345679", TS, BODY)).isNotEqualTo(id);
        assertThat(MessageIds.of("295000012345678", TS.plusMillis(1), BODY)).isNotEqualTo(id);
        assertThat(MessageIds.of("295000012345678", TS, "{\"temperature\":21.6}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(id);
        assertThat(MessageIds.of("295000012345678", TS, "{\"temperature\": 21.5}".getBytes(StandardCharsets.UTF_8)))
                .as("the body as received, byte for byte").isNotEqualTo(id);
    }

    @Test
    void fieldsCannotBeShiftedAcrossTheSeparator() {
        assertThat(MessageIds.of("a|1", 2, "h")).isNotEqualTo(MessageIds.of("a", 12, "h"));
    }

    @Test
    void isAVersion8Uuid() {
        UUID uuid = UUID.fromString(MessageIds.of("d", TS, BODY));
        assertThat(uuid.version()).isEqualTo(8);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void isStableAcrossReleases() {
        // pinned: changing the derivation would break deduplication of retries across a deploy
        assertThat(MessageIds.of("295000012345678", 1764237600123L, MessageIds.sha256Hex(BODY)))
                .isEqualTo(PINNED);
    }

    static final String PINNED = "66c50f4a-96f2-8560-997f-1b32b2970a23";
}
