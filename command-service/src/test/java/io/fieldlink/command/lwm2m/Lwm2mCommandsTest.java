package io.fieldlink.command.lwm2m;

import io.fieldlink.contracts.DeviceCommand;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Lwm2mCommandsTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static DeviceCommand command(String name, Map<String, String> parameters) {
        return new DeviceCommand("c-1", name, parameters, Instant.parse("2026-11-27T10:10:00Z"));
    }

    @Test
    void theSprinklerIsTheOnOffResourceOfIpsoActuation() {
        assertThat(Lwm2mCommands.operationOf(command("sprinkler", Map.of("state", "ON"))))
                .isEqualTo(new Lwm2mOperation.Write("/3306/0/5850", "true", Map.of("state", "on")));
        assertThat(Lwm2mCommands.operationOf(command("sprinkler", Map.of("state", "off"))))
                .isEqualTo(new Lwm2mOperation.Write("/3306/0/5850", "false", Map.of("state", "off")));
    }

    @Test
    void primitivesCheckTheirPathShape() {
        assertThat(Lwm2mCommands.operationOf(command("lwm2m.read", Map.of("path", "/3303/0"))))
                .isEqualTo(new Lwm2mOperation.Read("/3303/0"));
        assertThat(Lwm2mCommands.operationOf(command("lwm2m.write", Map.of("path", "/3306/0/5750", "value", "x"))))
                .isEqualTo(new Lwm2mOperation.Write("/3306/0/5750", "x", Map.of()));
        assertThat(Lwm2mCommands.operationOf(command("reboot", Map.of())))
                .isEqualTo(new Lwm2mOperation.Execute("/3/0/4", null));
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("lwm2m.write", Map.of("path", "/3306/0", "value", "x"))))
                .hasMessageContaining("/object/instance/resource");
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("lwm2m.read", Map.of("path", "3303"))))
                .hasMessageContaining("path");
    }

    @Test
    void badOrUnknownCommandsNameTheProblem() {
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("sprinkler", Map.of("state", "half"))))
                .hasMessage("parameter state must be on or off");
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("sprinkler", Map.of("state", "on", "x", "1"))))
                .hasMessage("unexpected parameter x");
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("valve", Map.of())))
                .hasMessage("command valve has no LwM2M mapping");
    }

    @Test
    void aFirmwareUpdateCarriesHashNameAndVersionInTheFragmentOfThePackageUri() {
        Lwm2mOperation operation = Lwm2mCommands.operationOf(command("firmware.update", Map.of(
                "url", "https://s3.example/b/k?X-Amz-Signature=ab", "sha256", SHA.toUpperCase(),
                "name", "pest model", "version", "1.2", "rolloutId", "r-1")));
        assertThat(operation).isEqualTo(new Lwm2mOperation.FirmwareUpdate(
                "https://s3.example/b/k?X-Amz-Signature=ab#sha256=" + SHA + "&name=pest+model&version=1.2",
                Map.of("sha256", SHA, "name", "pest model", "version", "1.2")));
    }

    @Test
    void aFirmwareUpdateNeedsAnHttpUrlWithoutFragmentAndAHash() {
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("firmware.update",
                Map.of("url", "ftp://x/y", "sha256", SHA)))).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("firmware.update",
                Map.of("url", "https://x/y#z", "sha256", SHA)))).hasMessageContaining("without a fragment");
        assertThatThrownBy(() -> Lwm2mCommands.operationOf(command("firmware.update",
                Map.of("url", "https://x/y", "sha256", "abc")))).hasMessage("parameter sha256 must be 64 hex digits");
    }
}
