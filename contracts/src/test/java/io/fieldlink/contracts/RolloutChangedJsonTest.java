package io.fieldlink.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutChangedJsonTest {

    private final RolloutChanged halted = new RolloutChanged("0193a1b2c3d4e5f60718", "OP0000000001",
            "0193a1b2c3d4aabbccdd", "sprinkler-fw", "1.4.2", "ab".repeat(32), 1_500_000, CommandTransport.MQTT, 2, 1,
            Duration.ofMinutes(15), RolloutStatus.HALTED, 1,
            List.of(new RolloutTarget("295000000000001", 1, RolloutTargetStatus.FAILED, "c-1", CommandStatus.FAILED,
                            "device: integrity check failed", Instant.parse("2026-11-27T10:00:03Z")),
                    new RolloutTarget("295000000000002", 2, RolloutTargetStatus.SKIPPED, null, null, null,
                            Instant.parse("2026-11-27T10:00:03Z"))),
            "field-north", null, "api:key-1", Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T10:00:03Z"), 4);

    @Test
    void roundTripsThroughTheTopicSerde() {
        var serde = JsonSerde.forValuesOf(Topics.ROLLOUTS);
        byte[] bytes = serde.serializer().serialize(Topics.ROLLOUTS.name(), halted);

        assertThat(serde.deserializer().deserialize(Topics.ROLLOUTS.name(), bytes)).isEqualTo(halted);
    }

    @Test
    void writesLowerCaseHyphenatedWireNames() {
        String json = new String(ContractJson.write(halted), StandardCharsets.UTF_8);

        assertThat(json).contains("\"status\":\"halted\"").contains("\"status\":\"skipped\"")
                .contains("\"transport\":\"mqtt\"").doesNotContain("idempotencyKey");
        assertThat(RolloutTargetStatus.IN_PROGRESS.wireName()).isEqualTo("in-progress");
        assertThat(RolloutTargetStatus.fromWireName("in-progress")).isEqualTo(RolloutTargetStatus.IN_PROGRESS);
        assertThat(Topics.ROLLOUTS.compacted()).isTrue();
    }
}
