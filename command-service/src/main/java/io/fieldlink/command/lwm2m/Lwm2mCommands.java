package io.fieldlink.command.lwm2m;

import io.fieldlink.contracts.DeviceCommand;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a command to an LwM2M operation (docs/commands.md, "LwM2M commands"). The same command names as over MQTT where
 * there is one ({@code sprinkler}, {@code firmware.update}), plus the LwM2M primitives for anything else. Plain Java.
 */
final class Lwm2mCommands {

    static final String SPRINKLER = "sprinkler";
    static final String FIRMWARE_UPDATE = "firmware.update";
    static final String REBOOT = "reboot";
    static final String READ = "lwm2m.read";
    static final String WRITE = "lwm2m.write";
    static final String EXECUTE = "lwm2m.execute";
    static final String OBSERVE = "lwm2m.observe";

    /** IPSO Actuation (3306) instance 0 resource On/Off (5850): the sprinkler. */
    static final String SPRINKLER_SWITCH = "/3306/0/5850";
    static final String REBOOT_PATH = "/3/0/4";
    static final String PACKAGE_URI = "/5/0/1";
    static final String UPDATE = "/5/0/2";
    static final String STATE = "/5/0/3";
    static final String UPDATE_RESULT = "/5/0/5";

    private static final Pattern RESOURCE = Pattern.compile("/\\d{1,5}/\\d{1,5}/\\d{1,5}");
    private static final Pattern NODE = Pattern.compile("/\\d{1,5}(/\\d{1,5}(/\\d{1,5})?)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Lwm2mCommands() {
    }

    /** @throws IllegalArgumentException naming what is wrong; the command fails permanently with that reason */
    static Lwm2mOperation operationOf(DeviceCommand command) {
        Map<String, String> p = command.parameters() == null ? Map.of() : command.parameters();
        return switch (command.name()) {
            case SPRINKLER -> {
                only(p, Set.of("state"));
                String state = required(p, "state").toLowerCase(Locale.ROOT);
                if (!state.equals("on") && !state.equals("off")) {
                    throw new IllegalArgumentException("parameter state must be on or off");
                }
                yield new Lwm2mOperation.Write(SPRINKLER_SWITCH, String.valueOf(state.equals("on")),
                        Map.of("state", state));
            }
            case REBOOT -> {
                only(p, Set.of());
                yield new Lwm2mOperation.Execute(REBOOT_PATH, null);
            }
            case READ -> {
                only(p, Set.of("path"));
                yield new Lwm2mOperation.Read(path(p, NODE));
            }
            case OBSERVE -> {
                only(p, Set.of("path"));
                yield new Lwm2mOperation.Observe(path(p, NODE));
            }
            case WRITE -> {
                only(p, Set.of("path", "value"));
                yield new Lwm2mOperation.Write(path(p, RESOURCE), required(p, "value"), Map.of());
            }
            case EXECUTE -> {
                only(p, Set.of("path", "arguments"));
                yield new Lwm2mOperation.Execute(path(p, RESOURCE), p.get("arguments"));
            }
            case FIRMWARE_UPDATE -> firmwareUpdate(p);
            default -> throw new IllegalArgumentException("command " + command.name() + " has no LwM2M mapping");
        };
    }

    private static Lwm2mOperation firmwareUpdate(Map<String, String> p) {
        String url = required(p, "url");
        String sha256 = required(p, "sha256").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("parameter sha256 must be 64 hex digits");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter url is not a URI");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("parameter url must be an http(s) URL without a fragment");
        }
        // the device verifies what it downloads against the fragment; it is never sent in the HTTP request
        StringBuilder packageUri = new StringBuilder(url).append("#sha256=").append(sha256);
        Map<String, String> result = new LinkedHashMap<>();
        result.put("sha256", sha256);
        for (String key : new String[] {"name", "version"}) {
            String value = p.get(key);
            if (value != null && !value.isEmpty()) {
                packageUri.append('&').append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                result.put(key, value);
            }
        }
        return new Lwm2mOperation.FirmwareUpdate(packageUri.toString(), Map.copyOf(result));
    }

    private static String path(Map<String, String> p, Pattern shape) {
        String path = required(p, "path");
        if (!shape.matcher(path).matches()) {
            throw new IllegalArgumentException("parameter path must look like "
                    + (shape == RESOURCE ? "/object/instance/resource" : "/object[/instance[/resource]]"));
        }
        return path;
    }

    private static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("parameter " + name + " is required");
        }
        return value;
    }

    private static void only(Map<String, String> p, Set<String> allowed) {
        for (String name : p.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unexpected parameter " + name);
            }
        }
    }
}
