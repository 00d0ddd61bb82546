package io.fieldlink.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The LwM2M Package URI of the Fieldlink profile (docs/commands.md, "Simulated LwM2M devices"): a presigned http(s)
 * GET URL followed by a fragment with what the device verifies,
 * {@code https://…#sha256=<64 lowercase hex>&name=<url-encoded>&version=<url-encoded>}.
 *
 * @param download the URL to GET, without the fragment
 * @param sha256   expected SHA-256, lowercase hex
 * @param name     package name (PkgName after the update), may be empty
 * @param version  package version (PkgVersion after the update), may be empty
 */
record PackageUri(URI download, String sha256, String name, String version) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    PackageUri {
        Objects.requireNonNull(download, "download");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /**
     * @throws IllegalArgumentException when unparsable, not http(s), or without a well-formed {@code sha256}
     */
    static PackageUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("invalid url");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("invalid url: not http(s)");
        }
        String fragment = uri.getRawFragment();
        if (fragment == null) {
            throw new IllegalArgumentException("invalid url: no #sha256=... fragment");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : fragment.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid url: malformed fragment");
            }
            try {
                fields.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid url: malformed fragment");
            }
        }
        String sha256 = fields.get("sha256");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("invalid url: sha256 must be 64 lowercase hex digits");
        }
        return new PackageUri(PackageDownloader.stripFragment(uri), sha256, fields.getOrDefault("name", ""),
                fields.getOrDefault("version", ""));
    }

    /** The URI with its fragment, as a server writes it to /5/0/1. */
    String format() {
        return download + "#sha256=" + sha256 + "&name=" + encode(name) + "&version=" + encode(version);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
