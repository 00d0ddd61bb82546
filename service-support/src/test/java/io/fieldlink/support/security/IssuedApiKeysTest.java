package io.fieldlink.support.security;

import io.fieldlink.contracts.ApiKeyChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IssuedApiKeysTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    private final IssuedApiKeys issued = new IssuedApiKeys();
    private final ApiKeyRegistry registry = new ApiKeyRegistry(List.of(new SecurityProperties.ApiKey("bootstrap",
            ApiKeyRegistry.sha256Hex("configured-key"), "OP-A", Set.of("admin"))), issued);

    private static ApiKeyChanged key(String keyId, String tenant, String secret) {
        return new ApiKeyChanged(keyId, tenant, "ui", Set.of("viewer"), ApiKeyRegistry.sha256Hex(secret), T, null);
    }

    @Test
    void anIssuedKeyWorksBesideTheConfiguredOnesUntilItIsRevoked() {
        issued.apply(key("k1", "OP-A", "flk_one"));

        assertThat(registry.authenticate("flk_one")).contains(new TenantPrincipal("k1", "OP-A", Set.of("viewer")));
        assertThat(registry.authenticate("configured-key")).map(TenantPrincipal::keyId).contains("bootstrap");

        issued.apply(key("k1", "OP-A", "flk_one").revoked(T.plusSeconds(5)));

        assertThat(registry.authenticate("flk_one")).isEmpty();
        assertThat(issued.find("OP-A", "k1")).map(ApiKeyChanged::revokedAt).contains(T.plusSeconds(5));
        assertThat(registry.authenticate("configured-key")).isPresent();
    }

    @Test
    void aRevocationIsFinalEvenWhenTheIssueArrivesAfterIt() {
        ApiKeyChanged issue = key("k1", "OP-A", "flk_one");
        issued.apply(issue.revoked(T.plusSeconds(5)));

        assertThat(issued.apply(issue)).isFalse();
        assertThat(registry.authenticate("flk_one")).isEmpty();
    }

    @Test
    void aTombstoneForgetsTheKey() {
        issued.apply(key("k1", "OP-A", "flk_one"));

        issued.remove("k1");

        assertThat(registry.authenticate("flk_one")).isEmpty();
        assertThat(issued.list("OP-A")).isEmpty();
    }

    @Test
    void listsAndFindsOnlyTheTenantsOwnKeys() {
        issued.apply(key("k2", "OP-A", "flk_two"));
        issued.apply(key("k1", "OP-A", "flk_one"));
        issued.apply(key("k3", "OP-B", "flk_three"));
        issued.apply(key("k4", "OP-A", "flk_four").revoked(T));

        assertThat(issued.list("OP-A")).extracting(ApiKeyChanged::keyId).containsExactly("k1", "k2", "k4");
        assertThat(issued.activeCount("OP-A")).isEqualTo(2);
        assertThat(issued.find("OP-A", "k3")).isEmpty();
        assertThat(issued.find("OP-B", "k3")).isPresent();
    }

    @Test
    void refusesARecordWithoutAUsableHash() {
        assertThat(issued.apply(new ApiKeyChanged("k1", "OP-A", "ui", Set.of(), "not-a-hash", T, null))).isFalse();
        assertThat(issued.list("OP-A")).isEmpty();
    }
}
