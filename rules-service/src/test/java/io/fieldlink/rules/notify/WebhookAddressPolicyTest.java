package io.fieldlink.rules.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookAddressPolicyTest {

    /** Names resolve from this map only; IP literals are parsed (never looked up). */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.215.14"),
            "dual.example.com", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "sneaky.example.com", List.of("93.184.215.14", "10.1.2.3"),
            "metadata.example.com", List.of("169.254.169.254"),
            "internal.example.com", List.of("10.20.30.40"));

    private static final WebhookAddressPolicy.Resolver RESOLVER = host -> {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answers.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = InetAddress.getByName(answers.get(i));
        }
        return addresses;
    };

    private final WebhookAddressPolicy policy = new WebhookAddressPolicy(List.of(), RESOLVER);

    @ParameterizedTest
    @ValueSource(strings = {
            "https://hooks.example.com/alerts",
            "http://hooks.example.com:8080/alerts?token=abc",
            "https://dual.example.com/",
            "https://93.184.215.14/",
            "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
            "https://172.32.0.1/",
            "https://100.128.0.1/",
            "https://11.0.0.1/"})
    void publicAddressesAreAllowed(String url) {
        assertThat(policy.refusal(URI.create(url))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/", "http://127.255.255.254/", // loopback
            "http://0.0.0.0/", "http://0.1.2.3/", // unspecified / this network
            "http://10.0.0.1/", "http://10.255.255.255/", // private
            "http://172.16.0.1/", "http://172.31.255.255/",
            "http://192.168.0.1/", "http://192.168.255.255/",
            "http://169.254.169.254/latest/meta-data/", "http://169.254.0.1/", // link-local, cloud metadata
            "http://100.64.0.1/", "http://100.127.255.255/", // CGNAT
            "http://224.0.0.1/", "http://239.255.255.250/", // multicast
            "http://255.255.255.255/", "http://198.18.0.1/",
            "http://[::1]/", "http://[::]/", // IPv6 loopback and unspecified
            "http://[fe80::1]/", "http://[febf:ffff::1]/", // link-local fe80::/10
            "http://[fc00::1]/", "http://[fd12:3456:789a::1]/", // unique local fc00::/7
            "http://[ff02::1]/", // multicast
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://[::ffff:169.254.169.254]/", // mapped
            "http://[::127.0.0.1]/", "http://[::10.0.0.1]/", "http://[::192.168.1.1]/", // IPv4-compatible
            "http://[64:ff9b::a9fe:a9fe]/", // NAT64 of 169.254.169.254
            "http://[2002:7f00:1::]/", // 6to4 of 127.0.0.1
            "http://metadata.example.com/", "http://internal.example.com/"})
    void nonPublicAddressesAreRefused(String url) {
        assertThat(policy.refusal(URI.create(url))).hasValueSatisfying(why -> assertThat(why).contains("non-public"));
    }

    @Test
    void theReasonNamesTheAddressAndItsRange() {
        assertThat(policy.refusal(URI.create("http://metadata.example.com/")))
                .hasValue("the host metadata.example.com resolves to a non-public address (169.254.169.254 is link-local)");
        assertThat(policy.refusal(URI.create("http://[::10.0.0.1]/")).orElseThrow())
                .contains("is private (10.0.0.1 embedded in an IPv4-compatible address)");
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsRefused() {
        assertThat(policy.refusal(URI.create("https://sneaky.example.com/"))).hasValueSatisfying(why ->
                assertThat(why).contains("10.1.2.3 is private").doesNotContain("93.184.215.14"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.com/", "file:///etc/passwd", "gopher://hooks.example.com/",
            "hooks.example.com/path"})
    void onlyHttpAndHttpsAreAllowed(String url) {
        assertThat(policy.refusal(URI.create(url))).hasValue("the URL must use http or https");
    }

    @Test
    void unresolvableHostsCredentialsAndMissingHostsAreRefused() {
        assertThat(policy.refusal(URI.create("https://nowhere.invalid/")))
                .hasValue("the host nowhere.invalid cannot be resolved");
        assertThat(policy.refusal(URI.create("https://user:pw@hooks.example.com/")))
                .hasValue("the URL must not contain credentials");
        assertThat(policy.refusal(URI.create("https:///path"))).hasValue("the URL has no host");
    }

    @Test
    void theAllowListLiftsTheRefusalForCidrRanges() {
        WebhookAddressPolicy allowing = new WebhookAddressPolicy(
                List.of("127.0.0.1/32", "10.20.0.0/16", "fd00::/8", " 192.168.1.7 "), RESOLVER);

        assertThat(allowing.refusal(URI.create("http://127.0.0.1:8080/hook"))).isEmpty();
        assertThat(allowing.refusal(URI.create("http://internal.example.com/"))).isEmpty();
        assertThat(allowing.refusal(URI.create("http://10.20.255.1/"))).isEmpty();
        assertThat(allowing.refusal(URI.create("http://[fd12::1]/"))).isEmpty();
        assertThat(allowing.refusal(URI.create("http://192.168.1.7/"))).isEmpty();
        // the IPv4-mapped form of an allowed address is the same host
        assertThat(allowing.refusal(URI.create("http://[::ffff:127.0.0.1]/"))).isEmpty();
        // outside the ranges: still refused
        assertThat(allowing.refusal(URI.create("http://127.0.0.2/"))).isPresent();
        assertThat(allowing.refusal(URI.create("http://10.21.0.1/"))).isPresent();
        assertThat(allowing.refusal(URI.create("http://[fc00::1]/"))).isPresent();
        assertThat(allowing.refusal(URI.create("http://192.168.1.8/"))).isPresent();
        assertThat(allowing.refusal(URI.create("http://[::1]/"))).isPresent();
    }

    @Test
    void theAllowListLiftsTheRefusalForHostNames() {
        WebhookAddressPolicy allowing = new WebhookAddressPolicy(List.of("Internal.Example.com"), RESOLVER);

        assertThat(allowing.refusal(URI.create("http://internal.example.com/"))).isEmpty();
        assertThat(allowing.refusal(URI.create("http://metadata.example.com/"))).isPresent();
        assertThat(allowing.refusal(URI.create("http://10.20.30.40/"))).isPresent();
    }

    @Test
    void anInvalidAllowListEntryFailsAtStart() {
        assertThatThrownBy(() -> new WebhookAddressPolicy(List.of("10.0.0.0/33"), RESOLVER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new WebhookAddressPolicy(List.of("intranet/8"), RESOLVER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intranet/8");
    }
}
