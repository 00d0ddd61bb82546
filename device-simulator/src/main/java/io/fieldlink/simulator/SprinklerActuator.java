package io.fieldlink.simulator;

import io.fieldlink.contracts.DeviceCommand;
import io.fieldlink.contracts.DeviceCommandOutcome;
import io.fieldlink.contracts.DeviceCommandResponse;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The sprinkler of one simulated field device and its command handling, without any transport: a
 * {@link DeviceCommand} named {@value #COMMAND} with parameter {@code state} = {@code on}|{@code off} is answered
 * {@code delivered} at once, switches the sprinkler, then is answered {@code executed} with result
 * {@code {"state": "on"}}. A command whose {@code expiresAt} has passed, or any other name or parameters, is answered
 * {@code failed} with a detail after {@code delivered}, and does not act.
 *
 * <p>{@value #FIRMWARE_UPDATE} (parameters {@code url} without fragment, {@code sha256}, {@code name}, {@code version},
 * optional {@code size}) is answered {@code delivered} at once; the package is then downloaded and verified on the
 * download executor, never on the caller's (MQTT callback) thread, and answered {@code executed} with result
 * {@code sha256}, {@code name}, {@code version}, {@code size}, or {@code failed} with a detail. A repeat while the
 * download runs gets {@code delivered} again.
 *
 * <p>The device remembers the last answer to each of its last {@value #REMEMBERED_COMMANDS} command ids: a repeat
 * (a resend after a lost acknowledgement) gets that answer again and does not act again (docs/commands.md, "MQTT
 * protocol"). Thread-safe: one command is handled at a time.
 */
final class SprinklerActuator {

    static final String COMMAND = "sprinkler";
    static final String STATE = "state";
    static final int REMEMBERED_COMMANDS = 100;
    static final String EXPIRED = "expired before execution";
    static final String FIRMWARE_UPDATE = "firmware.update";

    /** A package this device installed (by MQTT {@value #FIRMWARE_UPDATE} or LwM2M object 5). */
    record InstalledPackage(String name, String version, String sha256, long size) {
    }

    private final String deviceId;
    private final Clock clock;
    private final Consumer<SprinklerSwitched> listener;
    /** Command id -> the last answer to it, eldest first; bounded. */
    private final Map<String, DeviceCommandResponse> answered = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeviceCommandResponse> eldest) {
            return size() > REMEMBERED_COMMANDS;
        }
    };
    private final PackageDownloader downloader;
    private final Executor downloads;
    private volatile boolean on;
    private volatile Instant switchedAt;
    private volatile InstalledPackage installed;

    /** A sprinkler that answers {@value #FIRMWARE_UPDATE} with failed (no downloader). */
    SprinklerActuator(String deviceId, Clock clock, Consumer<SprinklerSwitched> listener) {
        this(deviceId, clock, listener, null, null);
    }

    /**
     * @param downloader fetches and verifies packages; null: {@value #FIRMWARE_UPDATE} is answered failed
     * @param downloads  where downloads run (not the caller's thread)
     */
    SprinklerActuator(String deviceId, Clock clock, Consumer<SprinklerSwitched> listener, PackageDownloader downloader,
                      Executor downloads) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.downloader = downloader;
        this.downloads = downloader == null ? null : Objects.requireNonNull(downloads, "downloads");
    }

    /** The package installed last, or null. */
    InstalledPackage installed() {
        return installed;
    }

    void install(InstalledPackage installed) {
        this.installed = Objects.requireNonNull(installed, "installed");
    }

    PackageDownloader downloader() {
        return downloader;
    }

    String deviceId() {
        return deviceId;
    }

    /** Whether the sprinkler is on now. */
    boolean state() {
        return on;
    }

    /** When the sprinkler last switched, or null when it never did (it starts off). */
    Instant switchedAt() {
        return switchedAt;
    }

    /**
     * Handles one command; {@code answer} gets the answers in order (it should not block: it publishes them).
     *
     * @return whether the command was new (false: a repeat, answered with the remembered answer)
     */
    synchronized boolean handle(DeviceCommand command, Consumer<DeviceCommandResponse> answer) {
        DeviceCommandResponse earlier = answered.get(command.commandId());
        if (earlier != null) {
            answer.accept(earlier);
            return false;
        }
        DeviceCommandResponse delivered = response(command, DeviceCommandOutcome.DELIVERED, Map.of(), null);
        answered.put(command.commandId(), delivered);
        answer.accept(delivered);

        if (FIRMWARE_UPDATE.equals(command.name()) && !expired(command)) {
            startFirmwareUpdate(command, answer);
            return true;
        }
        DeviceCommandResponse done = execute(command);
        answered.put(command.commandId(), done);
        answer.accept(done);
        return true;
    }

    private boolean expired(DeviceCommand command) {
        return command.expiresAt() != null && !clock.instant().isBefore(command.expiresAt());
    }

    /** Checks the parameters here, downloads on the download executor, answers from there. */
    private void startFirmwareUpdate(DeviceCommand command, Consumer<DeviceCommandResponse> answer) {
        Map<String, String> parameters = command.parameters();
        String url = parameters.get("url");
        String sha256 = parameters.get("sha256");
        String problem = null;
        Long size = null;
        if (downloader == null) {
            problem = "this device takes no firmware updates";
        } else if (url == null || sha256 == null || parameters.get("name") == null || parameters.get("version") == null) {
            problem = "'" + FIRMWARE_UPDATE + "' needs parameters url, sha256, name and version, got " + parameters.keySet();
        } else if (!sha256.matches("[0-9a-fA-F]{64}")) {
            problem = "parameter 'sha256' must be 64 hex digits";
        } else {
            try {
                size = parameters.containsKey("size") ? Long.parseLong(parameters.get("size").trim()) : null;
            } catch (NumberFormatException e) {
                problem = "parameter 'size' must be a number of bytes";
            }
        }
        URI download = null;
        if (problem == null) {
            try {
                download = new URI(url.trim());
                String scheme = download.getScheme() == null ? "" : download.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || download.getHost() == null) {
                    problem = "invalid url";
                }
            } catch (URISyntaxException e) {
                problem = "invalid url";
            }
        }
        if (problem != null) {
            DeviceCommandResponse failed = failed(command, problem);
            answered.put(command.commandId(), failed);
            answer.accept(failed);
            return;
        }
        URI target = download;
        Long expectedSize = size;
        try {
            downloads.execute(() -> finishFirmwareUpdate(command, target, sha256.toLowerCase(Locale.ROOT), expectedSize, answer));
        } catch (RuntimeException e) { // the executor was shut down: the simulator is stopping
            DeviceCommandResponse failed = failed(command, "device shutting down");
            answered.put(command.commandId(), failed);
            answer.accept(failed);
        }
    }

    private void finishFirmwareUpdate(DeviceCommand command, URI url, String sha256, Long expectedSize,
                                      Consumer<DeviceCommandResponse> answer) {
        DeviceCommandResponse done;
        try {
            DownloadOutcome outcome = downloader.download(url, sha256);
            if (!outcome.ok()) {
                done = failed(command, outcome.detail());
            } else if (expectedSize != null && expectedSize != outcome.size()) {
                done = failed(command, "integrity check failed: expected " + expectedSize + " bytes got " + outcome.size());
            } else {
                String name = command.parameters().get("name");
                String version = command.parameters().get("version");
                install(new InstalledPackage(name, version, outcome.sha256(), outcome.size()));
                done = response(command, DeviceCommandOutcome.EXECUTED, Map.of("sha256", outcome.sha256(), "name", name,
                        "version", version, "size", Long.toString(outcome.size())), null);
            }
        } catch (RuntimeException e) {
            done = failed(command, "download failed: " + e);
        }
        synchronized (this) {
            answered.put(command.commandId(), done);
        }
        answer.accept(done);
    }

    /**
     * Switches the sprinkler as a command would (LwM2M writes to /3306/0/5850 come here).
     *
     * @param cause what switched it, for {@link SprinklerSwitched#commandId()}
     */
    synchronized void switchTo(boolean switchOn, String cause) {
        Instant now = clock.instant();
        boolean changed = on != switchOn;
        on = switchOn;
        if (changed) {
            switchedAt = now;
        }
        try {
            listener.accept(new SprinklerSwitched(deviceId, switchOn, changed, cause, now));
        } catch (RuntimeException e) {
            // a listener's failure must not turn a switch into a failure
        }
    }

    private DeviceCommandResponse execute(DeviceCommand command) {
        if (expired(command)) {
            return failed(command, EXPIRED);
        }
        if (!COMMAND.equals(command.name())) {
            return failed(command, "unknown command '" + command.name() + "': this device knows only '" + COMMAND + "' and '"
                    + FIRMWARE_UPDATE + "'");
        }
        String requested = command.parameters().get(STATE);
        if (requested == null || command.parameters().size() != 1) {
            return failed(command, "'" + COMMAND + "' takes exactly one parameter, '" + STATE + "' (on or off), got "
                    + command.parameters().keySet());
        }
        boolean switchOn;
        switch (requested.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> switchOn = true;
            case "off" -> switchOn = false;
            default -> {
                return failed(command, "parameter '" + STATE + "' must be on or off, got '" + requested + "'");
            }
        }
        switchTo(switchOn, command.commandId());
        return response(command, DeviceCommandOutcome.EXECUTED, Map.of(STATE, switchOn ? "on" : "off"), null);
    }

    private DeviceCommandResponse failed(DeviceCommand command, String detail) {
        return response(command, DeviceCommandOutcome.FAILED, Map.of(), detail);
    }

    private DeviceCommandResponse response(DeviceCommand command, DeviceCommandOutcome outcome, Map<String, String> result,
                                           String detail) {
        return new DeviceCommandResponse(command.commandId(), outcome, result, detail, clock.instant());
    }
}
