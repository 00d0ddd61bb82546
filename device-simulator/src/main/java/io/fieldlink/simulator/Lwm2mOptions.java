package io.fieldlink.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The LwM2M clients of a simulated farm (docs/commands.md, "Simulated LwM2M devices"): one Leshan client per device,
 * endpoint name = its IMSI.
 *
 * @param server        {@code coap://host:5683} (no security) or {@code coaps://host:5684} (DTLS PSK)
 * @param pskMasterHex  hex master key the per-device PSKs are derived from ({@code HMAC-SHA256(master, endpoint)});
 *                      null with coap://, or when every device has an explicit key
 * @param explicitKeys  endpoint -> hex PSK, taking precedence over the derived key
 * @param lifetime      registration lifetime (default 60 s)
 * @param maxPackageBytes the largest firmware/model package a device downloads (default 512 MiB)
 */
public record Lwm2mOptions(URI server, String pskMasterHex, Map<String, String> explicitKeys, Duration lifetime,
                           long maxPackageBytes) {

    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    public Lwm2mOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(lifetime, "lifetime");
        explicitKeys = explicitKeys == null ? Map.of() : Map.copyOf(explicitKeys);
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("coap") && !scheme.equals("coaps") || server.getHost() == null) {
            throw new IllegalArgumentException("--lwm2m must be coap://host:port or coaps://host:port, got '" + server + "'");
        }
        if (pskMasterHex != null) {
            hex("--lwm2m-psk-master", pskMasterHex);
        }
        explicitKeys.forEach((endpoint, key) -> hex("PSK of " + endpoint, key));
        if (lifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("--lwm2m-lifetime must be at least 1 s, got " + lifetime);
        }
        if (maxPackageBytes < 1) {
            throw new IllegalArgumentException("maxPackageBytes must be positive, got " + maxPackageBytes);
        }
    }

    /** Plain CoAP or DTLS (then with {@link #withPskMaster(String)}) against {@code server}; defaults otherwise. */
    public static Lwm2mOptions of(URI server) {
        return new Lwm2mOptions(server, null, Map.of(), DEFAULT_LIFETIME, PackageDownloader.DEFAULT_MAX_BYTES);
    }

    public Lwm2mOptions withPskMaster(String hex) {
        return new Lwm2mOptions(server, hex, explicitKeys, lifetime, maxPackageBytes);
    }

    public Lwm2mOptions withExplicitKeys(Map<String, String> keys) {
        return new Lwm2mOptions(server, pskMasterHex, keys, lifetime, maxPackageBytes);
    }

    public Lwm2mOptions withLifetime(Duration lifetime) {
        return new Lwm2mOptions(server, pskMasterHex, explicitKeys, lifetime, maxPackageBytes);
    }

    public Lwm2mOptions withMaxPackageBytes(long maxPackageBytes) {
        return new Lwm2mOptions(server, pskMasterHex, explicitKeys, lifetime, maxPackageBytes);
    }

    public boolean secure() {
        return server.getScheme().equalsIgnoreCase("coaps");
    }

    /** The PSK of one endpoint: its explicit key, else derived from the master key. */
    public byte[] pskFor(String endpoint) {
        String explicit = explicitKeys.get(endpoint);
        if (explicit != null) {
            return HexFormat.of().parseHex(explicit);
        }
        if (pskMasterHex == null) {
            throw new IllegalStateException("no PSK for " + endpoint + ": give --lwm2m-psk-master or an explicit key");
        }
        return Lwm2mPsk.derive(HexFormat.of().parseHex(pskMasterHex), endpoint);
    }

    /** Never shows keys. */
    @Override
    public String toString() {
        return "Lwm2mOptions[server=" + server + (pskMasterHex == null ? "" : ", pskMaster=***")
                + (explicitKeys.isEmpty() ? "" : ", explicitKeys=" + explicitKeys.size()) + ", lifetime=" + lifetime
                + ", maxPackageBytes=" + maxPackageBytes + "]";
    }

    private static void hex(String what, String value) {
        if (value.isEmpty() || value.length() % 2 != 0 || !value.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException(what + " must be an even number of hex digits");
        }
    }
}
