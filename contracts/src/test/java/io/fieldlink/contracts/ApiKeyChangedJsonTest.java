package io.fieldlink.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyChangedJsonTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private static final String SHA = "cd4fa85a3415965fe707f9c9f8dfb93bd64660b91c5b0bd8089e6e2aacfe31c1";

    @Test
    void roundTripsAndLeavesOutAnAbsentRevocation() {
        ApiKeyChanged key = new ApiKeyChanged("k-1", "OP0000000001", "farm ui", Set.of("viewer", "operator"), SHA, T, null);

        byte[] json = ContractJson.write(key);

        assertThat(ContractJson.read(json, ApiKeyChanged.class)).isEqualTo(key);
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("revokedAt")
                .contains("\"roles\":[\"operator\",\"viewer\"]");
        assertThat(key.active()).isTrue();
    }

    @Test
    void aRevokedKeyKeepsEverythingElse() {
        ApiKeyChanged key = new ApiKeyChanged("k-1", "OP0000000001", "farm ui", Set.of("viewer"), SHA, T, null);

        ApiKeyChanged revoked = ContractJson.read(ContractJson.write(key.revoked(T.plusSeconds(60))), ApiKeyChanged.class);

        assertThat(revoked.active()).isFalse();
        assertThat(revoked.revokedAt()).isEqualTo(T.plusSeconds(60));
        assertThat(revoked.revoked(null)).isEqualTo(key);
    }

    @Test
    void isInTheCatalogueAsACompactedTopic() {
        assertThat(Topics.ALL).contains(Topics.API_KEYS);
        assertThat(Topics.API_KEYS.compacted()).isTrue();
        assertThat(Topics.API_KEYS.name()).isEqualTo("iot.api-keys.v1");
    }
}
