package io.fieldlink.ingest.funnel;

import io.fieldlink.support.security.ApiKeyRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunnelTokensTest {

    private final FunnelTokens tokens = new FunnelTokens(List.of(
            new FunnelTokens.Token("a", "OP0000000001", ApiKeyRegistry.sha256Hex("token-a")),
            new FunnelTokens.Token("b", "OP0000000002", ApiKeyRegistry.sha256Hex("token-b"))));

    @Test
    void findsTheTenantOfAToken() {
        assertThat(tokens.authenticate("token-b")).get().extracting(FunnelTokens.Token::tenant).isEqualTo("OP0000000002");
        assertThat(tokens.authenticate("token-c")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void localTokenHashMatchesTheDocumentedOne() {
        assertThat(ApiKeyRegistry.sha256Hex("local-funnel-token"))
                .isEqualTo("728a713b941b35c2acee26e3fdca41ac36ffc307c0fab71a8f7738ace644760e");
    }

    @Test
    void bearerHeader() {
        assertThat(FunnelTokens.bearerToken("Bearer abc")).isEqualTo("abc");
        assertThat(FunnelTokens.bearerToken("bearer  abc ")).isEqualTo("abc");
        assertThat(FunnelTokens.bearerToken("Basic abc")).isNull();
        assertThat(FunnelTokens.bearerToken("Bearer ")).isNull();
        assertThat(FunnelTokens.bearerToken(null)).isNull();
    }

    @Test
    void sameTokenTwiceIsAConfigurationError() {
        assertThatThrownBy(() -> new FunnelTokens(List.of(
                new FunnelTokens.Token("a", "OP0000000001", ApiKeyRegistry.sha256Hex("x")),
                new FunnelTokens.Token("b", "OP0000000002", ApiKeyRegistry.sha256Hex("x")))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
