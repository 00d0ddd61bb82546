package io.fieldlink.rules.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether the service may call a webhook URL, so a rule cannot make it reach into the network it runs in
 * (SSRF): only {@code http}/{@code https}, and no host that resolves to a loopback, unspecified, link-local (cloud
 * metadata at 169.254.169.254 included), private, shared (CGNAT), multicast or reserved address, also not when
 * written as an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. A host name is refused when ANY of its
 * addresses is refused, so a name with one public and one private record cannot slip through.
 *
 * <p>The allow-list ({@code fieldlink.rules.webhook.allowed-addresses}) lifts the refusal for host names (exact,
 * case-insensitive) and for addresses inside CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is a
 * single-address range).
 *
 * <p>Checked when a rule is written and again before every request (names are resolved again each time). Between
 * that check and the HTTP client's own lookup the DNS answer can change (DNS rebinding); docs/rules.md describes
 * this residual risk.
 */
public final class WebhookAddressPolicy {

    /** Looks up all addresses of a host name (replaceable in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<String> SCHEMES = Set.of("http", "https");

    private static final List<Range> REFUSED = List.of(
            Range.parse("0.0.0.0/8", "unspecified"),
            Range.parse("10.0.0.0/8", "private"),
            Range.parse("100.64.0.0/10", "shared (CGNAT)"),
            Range.parse("127.0.0.0/8", "loopback"),
            Range.parse("169.254.0.0/16", "link-local"),
            Range.parse("172.16.0.0/12", "private"),
            Range.parse("192.0.0.0/24", "reserved (IETF protocol assignments)"),
            Range.parse("192.168.0.0/16", "private"),
            Range.parse("198.18.0.0/15", "reserved (benchmarking)"),
            Range.parse("224.0.0.0/4", "multicast"),
            Range.parse("240.0.0.0/4", "reserved"),
            Range.parse("::/128", "unspecified"),
            Range.parse("::1/128", "loopback"),
            Range.parse("fc00::/7", "private (unique local)"),
            Range.parse("fe80::/10", "link-local"),
            Range.parse("fec0::/10", "site-local"),
            Range.parse("ff00::/8", "multicast"));

    private static final Range NAT64 = Range.parse("64:ff9b::/96", "NAT64");
    private static final Range SIX_TO_FOUR = Range.parse("2002::/16", "6to4");

    private final Set<String> allowedHosts;
    private final List<Range> allowedRanges;
    private final Resolver resolver;

    /** A policy with this allow-list that resolves names with the system resolver. */
    public WebhookAddressPolicy(List<String> allowedAddresses) {
        this(allowedAddresses, InetAddress::getAllByName);
    }

    /**
     * @throws IllegalArgumentException when an allow-list entry is neither a host name nor an address or CIDR range
     */
    public WebhookAddressPolicy(List<String> allowedAddresses, Resolver resolver) {
        List<Range> ranges = new ArrayList<>();
        java.util.HashSet<String> hosts = new java.util.HashSet<>();
        for (String entry : allowedAddresses) {
            String trimmed = entry.trim();
            if (trimmed.contains("/") || IpLiteral.is(trimmed)) {
                ranges.add(Range.parse(trimmed.contains("/") ? trimmed : trimmed + "/" + IpLiteral.bits(trimmed),
                        "allowed"));
            } else if (!trimmed.isEmpty()) {
                hosts.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
        this.allowedHosts = Set.copyOf(hosts);
        this.allowedRanges = List.copyOf(ranges);
        this.resolver = resolver;
    }

    /** Why the service must not call {@code url}, or empty when it may. Resolves the host name. */
    public Optional<String> refusal(URI url) {
        if (url == null || url.getScheme() == null || !SCHEMES.contains(url.getScheme().toLowerCase(Locale.ROOT))) {
            return Optional.of("the URL must use http or https");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("the URL must not contain credentials");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " cannot be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of("the host " + host + " cannot be resolved");
        }
        List<String> refused = Arrays.stream(addresses)
                .map(address -> refusal(address).map(why -> address.getHostAddress() + " is " + why))
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the host " + host + " resolves to a non-public address (" + String.join(", ", refused)
                + ")");
    }

    /** Why this one address is refused (a description of its range), or empty when it is public or allow-listed. */
    Optional<String> refusal(InetAddress address) {
        if (allowedRanges.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            // the v6 form reaches the same IPv4 host: judge (and allow) that host
            return refusal(embedded.get()).map(why -> why + " (" + embedded.get().getHostAddress() + " embedded in "
                    + kindOfEmbedding(address) + ")");
        }
        return REFUSED.stream().filter(range -> range.contains(address)).map(Range::description).findFirst();
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= bytes[i] == 0;
        }
        boolean mapped = firstTenZero && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = firstTenZero && bytes[10] == 0 && bytes[11] == 0
                && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && (bytes[15] == 0 || bytes[15] == 1));
        if (mapped || compatible || NAT64.contains(address)) {
            return Optional.of(ipv4(bytes, 12));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(ipv4(bytes, 2));
        }
        return Optional.empty();
    }

    private static String kindOfEmbedding(InetAddress address) {
        if (NAT64.contains(address)) {
            return "a NAT64 address";
        }
        if (SIX_TO_FOUR.contains(address)) {
            return "a 6to4 address";
        }
        return address.getAddress()[10] == (byte) 0xff ? "an IPv4-mapped address" : "an IPv4-compatible address";
    }

    private static InetAddress ipv4(byte[] bytes, int offset) {
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid IPv4 address
        }
    }

    /** An address range in CIDR notation. */
    private record Range(byte[] network, int prefix, String description) {

        static Range parse(String cidr, String description) {
            int slash = cidr.indexOf('/');
            String address = cidr.substring(0, slash).trim();
            if (!IpLiteral.is(address)) {
                throw new IllegalArgumentException("not an IP address range: " + cidr);
            }
            byte[] network = IpLiteral.bytes(address);
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address range: " + cidr);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + cidr);
            }
            return new Range(network, prefix, description);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    /** IP literals, parsed without any DNS lookup. */
    private static final class IpLiteral {

        static boolean is(String text) {
            return text.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (text.contains(":") && text.matches("[0-9A-Fa-f:.]+"));
        }

        static int bits(String literal) {
            return bytes(literal).length * 8;
        }

        static byte[] bytes(String literal) {
            try {
                // a literal is parsed, never looked up; Java returns ::ffff:a.b.c.d as the IPv4 address
                InetAddress parsed = InetAddress.getByName(literal);
                if (literal.contains(":") && parsed instanceof Inet4Address) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
                    return mapped;
                }
                return parsed.getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + literal);
            }
        }
    }
}
