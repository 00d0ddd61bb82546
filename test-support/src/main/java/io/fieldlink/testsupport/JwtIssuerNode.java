package io.fieldlink.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * A real OAuth2/OpenID issuer for resource-server tests, as far as a resource server sees one: a JDK HTTP server on
 * a free loopback port serving {@code /.well-known/openid-configuration} and the JWK set ({@code /jwks}) of an RSA
 * key, and RS256 tokens signed with that key ({@link #token}). {@link #tokenSignedByAnotherKey} signs with a key
 * that is not in the set.
 */
public final class JwtIssuerNode implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey signingKey;
    private final RSAKey strangerKey;

    private JwtIssuerNode(HttpServer server, RSAKey signingKey, RSAKey strangerKey) {
        this.server = server;
        this.signingKey = signingKey;
        this.strangerKey = strangerKey;
    }

    /** Starts an issuer on a free port of 127.0.0.1. */
    public static JwtIssuerNode start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("fieldlink-test-" + UUID.randomUUID()).generate();
            RSAKey stranger = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            JwtIssuerNode node = new JwtIssuerNode(server, key, stranger);
            String jwks = new JWKSet(key.toPublicJWK()).toString();
            server.createContext("/jwks", exchange -> answer(exchange, jwks));
            server.createContext("/.well-known/openid-configuration", exchange -> answer(exchange,
                    "{\"issuer\":\"" + node.issuer() + "\",\"jwks_uri\":\"" + node.jwkSetUri() + "\","
                            + "\"subject_types_supported\":[\"public\"],"
                            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
            server.start();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the {@code iss} of its tokens and where its metadata is found. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwkSetUri() {
        return issuer() + "/jwks";
    }

    /**
     * An RS256 token of this issuer for {@code subject}, valid from now for {@code lifetime} (negative: already
     * expired), with the extra claims (e.g. {@code tenant}, {@code roles}).
     */
    public String token(String subject, Duration lifetime, Map<String, Object> claims) {
        return sign(signingKey, issuer(), subject, lifetime, claims);
    }

    /** As {@link #token}, with another {@code iss}. */
    public String tokenOfIssuer(String issuer, String subject, Map<String, Object> claims) {
        return sign(signingKey, issuer, subject, Duration.ofMinutes(5), claims);
    }

    /** As {@link #token}, but signed by a key that is not in the JWK set (same key id). */
    public String tokenSignedByAnotherKey(String subject, Map<String, Object> claims) {
        return sign(strangerKey, issuer(), subject, Duration.ofMinutes(5), claims);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String sign(RSAKey key, String issuer, String subject, Duration lifetime, Map<String, Object> claims) {
        Instant now = Instant.now();
        Instant expiry = now.plus(lifetime);
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(issuer).subject(subject)
                .issueTime(Date.from(lifetime.isNegative() ? expiry.minusSeconds(60) : now))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(set::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    set.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
