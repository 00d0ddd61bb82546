package io.fieldlink.rules.streams;

import io.fieldlink.contracts.ContractJson;
import io.fieldlink.rules.evaluation.LeafState;
import io.fieldlink.rules.evaluation.RuleState;
import io.fieldlink.rules.evaluation.WindowState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StateSerdeTest {

    private static final Instant T = Instant.parse("2026-11-27T10:15:30.123456789Z");

    private final StateSerde<RuleState> serde = new StateSerde<>(RuleState.class);

    private static RuleState windowState(Instant streamTime) {
        var window = new WindowState.OpenWindow(T, 12, 300.5, 20.1, 28.3, T, 21.0, T.plusSeconds(40), 25.0);
        return new RuleState(3, true, List.<LeafState>of(new WindowState(streamTime, T.minusSeconds(60), false,
                List.of(window))));
    }

    @Test
    void instantsAreEpochNanosecondsAndReadBackExactly() {
        RuleState state = windowState(T.plusSeconds(40));

        byte[] bytes = serde.serializer().serialize("t", state);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"streamTime\":1795774570123456789")
                .doesNotContain("2026-11-27T");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
    }

    @Test
    void statesWrittenWithIsoInstantsByEarlierVersionsStillRead() {
        RuleState state = windowState(T.plusSeconds(40));

        byte[] legacy = ContractJson.write(state);

        assertThat(new String(legacy, StandardCharsets.UTF_8)).contains("2026-11-27T10:16:10.123456789Z");
        assertThat(serde.deserializer().deserialize("t", legacy)).isEqualTo(state);
    }

    @Test
    void instantsBeyondTheNanosecondRangeOfALongAreWrittenAsText() {
        Instant farFuture = Instant.parse("3000-01-01T00:00:00.5Z");
        RuleState state = windowState(farFuture);

        byte[] bytes = serde.serializer().serialize("t", state);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"3000-01-01T00:00:00.500Z\"");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
    }

    @Test
    void instantsBeforeTheEpochRoundTrip() {
        RuleState state = windowState(Instant.parse("1969-12-31T23:59:59.999999999Z"));

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
    }

    @Test
    void nullIsATombstone() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
