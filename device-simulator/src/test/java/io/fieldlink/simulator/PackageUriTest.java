package io.fieldlink.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PackageUriTest {

    private static final String HASH = "ab".repeat(32);

    @Test
    void parsesThePresignedUrlAndTheFragment() {
        PackageUri uri = PackageUri.parse("https://s3.example/b/k?X-Amz-Signature=x%2By#sha256=" + HASH
                + "&name=potato%20model&version=2.0%2Bbeta");

        assertThat(uri.download()).isEqualTo(URI.create("https://s3.example/b/k?X-Amz-Signature=x%2By"));
        assertThat(uri.sha256()).isEqualTo(HASH);
        assertThat(uri.name()).isEqualTo("potato model");
        assertThat(uri.version()).isEqualTo("2.0+beta");
        assertThat(PackageUri.parse(uri.format())).isEqualTo(uri);
    }

    @Test
    void refusesWhatTheDeviceCannotVerify() {
        assertThatIllegalArgumentException().isThrownBy(() -> PackageUri.parse("not a uri"));
        assertThatIllegalArgumentException().isThrownBy(() -> PackageUri.parse("coap://h/k#sha256=" + HASH));
        assertThatIllegalArgumentException().isThrownBy(() -> PackageUri.parse("https://h/k"));
        assertThatIllegalArgumentException().isThrownBy(() -> PackageUri.parse("https://h/k#sha256=" + HASH.toUpperCase()));
        assertThatIllegalArgumentException().isThrownBy(() -> PackageUri.parse("https://h/k#sha256=abc&name=x"));
        assertThatIllegalArgumentException().isThrownBy(() -> PackageUri.parse("https://h/k#name=x"));
    }

    @Test
    void derivesThePskByHmacOfTheEndpoint() {
        byte[] master = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[] key = Lwm2mPsk.derive(master, "295000000000001");

        assertThat(key).hasSize(32);
        assertThat(key).isEqualTo(Lwm2mPsk.derive(master, "295000000000001"));
        assertThat(key).isNotEqualTo(Lwm2mPsk.derive(master, "295000000000002"));
        assertThat(Lwm2mOptions.of(URI.create("coaps://127.0.0.1:5684")).withPskMaster("00112233445566778899aabbccddeeff")
                .pskFor("295000000000001")).isEqualTo(key);
    }
}
