package io.fieldlink.command.lwm2m;

import io.fieldlink.command.CommandProperties;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PskKeysTest {

    private static CommandProperties.Lwm2m settings(String master, List<CommandProperties.Lwm2mClient> clients) {
        return new CommandProperties.Lwm2m(true, null, null, null, null, master, clients, null, null, null, null);
    }

    @Test
    void theDerivedKeyIsHmacSha256OfTheEndpointName() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        byte[] key = PskKeys.derive("Jefe".getBytes(), "what do ya want for nothing?");
        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void anOwnKeyWinsOverTheMasterKeyAndNoKeyWithoutEither() {
        String master = "00112233445566778899aabbccddeeff";
        PskKeys keys = new PskKeys(settings(master,
                List.of(new CommandProperties.Lwm2mClient("dev-a", "OP1", "0a0b0c0d"))));
        assertThat(keys.keyOf("dev-a")).hasValueSatisfying(k -> assertThat(k).containsExactly(10, 11, 12, 13));
        assertThat(keys.keyOf("dev-b")).hasValueSatisfying(k ->
                assertThat(k).isEqualTo(PskKeys.derive(HexFormat.of().parseHex(master), "dev-b")));
        assertThat(new PskKeys(settings(null, List.of())).keyOf("dev-b")).isEmpty();
    }

    @Test
    void keysAreNeverPrintedAndMustBeHex() {
        CommandProperties.Lwm2m lwm2m = settings("00112233445566778899aabbccddeeff",
                List.of(new CommandProperties.Lwm2mClient("dev-a", "OP1", "0a0b0c0d")));
        assertThat(lwm2m.toString()).doesNotContain("0011223344").doesNotContain("0a0b0c0d").contains("***");
        assertThatThrownBy(() -> settings("not-hex", List.of())).hasMessageContaining("psk-master-key");
    }

    @Test
    void theModelsOfTheFieldlinkObjectsLoad() {
        assertThat(Lwm2mServer.models()).extracting(model -> model.id).contains(3, 5, 3303, 3306);
    }
}
