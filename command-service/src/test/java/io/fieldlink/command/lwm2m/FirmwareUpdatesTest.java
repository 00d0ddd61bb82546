package io.fieldlink.command.lwm2m;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FirmwareUpdatesTest {

    private final List<String> calls = new ArrayList<>();
    private final FirmwareUpdates updates = new FirmwareUpdates(new FirmwareUpdates.Actions() {
        @Override
        public void executeUpdate(String deviceId, String commandId) {
            calls.add("update " + deviceId + " " + commandId);
        }

        @Override
        public void succeeded(String commandId, Map<String, String> result) {
            calls.add("executed " + commandId + " " + result);
        }

        @Override
        public void failed(String commandId, String reason) {
            calls.add("failed " + commandId + " " + reason);
        }
    });

    @Test
    void downloadedThenUpdatedSuccessfully() {
        updates.started("d1", "c1", Map.of("version", "2"));
        updates.state("d1", 1);
        updates.state("d1", 2);
        updates.state("d1", 2); // a repeated notification does not execute Update twice
        updates.state("d1", 3);
        updates.result("d1", 1);
        assertThat(calls).containsExactly("update d1 c1", "executed c1 {version=2}");
        assertThat(updates.inProgress("d1")).isFalse();
    }

    @Test
    void anEarlierSuccessDoesNotFinishANewDownload() {
        updates.started("d1", "c1", Map.of());
        updates.result("d1", 1); // stale: Update was not executed yet
        assertThat(calls).isEmpty();
        assertThat(updates.inProgress("d1")).isTrue();
    }

    @Test
    void aFailedDownloadFailsWithTheMeaningOfTheResult() {
        updates.started("d1", "c1", Map.of());
        updates.state("d1", 1);
        updates.result("d1", 5);
        updates.state("d1", 2); // nothing pending any more
        assertThat(calls).containsExactly("failed c1 device: update result 5 (integrity check failure)");
    }

    @Test
    void aRefusedUpdateFailsOnlyItsOwnCommand() {
        updates.started("d1", "c2", Map.of());
        updates.updateRefused("d1", "c1", "old");
        updates.state("d1", 2);
        updates.updateRefused("d1", "c2", "device refused Update: BAD_REQUEST");
        assertThat(calls).containsExactly("update d1 c2", "failed c2 device refused Update: BAD_REQUEST");
    }

    @Test
    void notificationsOfDevicesWithoutAnUpdateAreIgnored() {
        updates.state("d2", 2);
        updates.result("d2", 8);
        assertThat(calls).isEmpty();
    }

    @Test
    void aResultNotifiedBeforeTheWriteIsAnsweredCountsAndForgettingTouchesOnlyItsCommand() {
        updates.started("d1", "c1", Map.of());
        updates.forget("d1", "c0"); // an older command's write: not this one
        updates.result("d1", 2);    // refused at once, before the answer to the write
        updates.forget("d1", "c1");
        assertThat(calls).containsExactly("failed c1 device: update result 2 (not enough flash memory)");
        assertThat(updates.inProgress("d1")).isFalse();
    }
}
