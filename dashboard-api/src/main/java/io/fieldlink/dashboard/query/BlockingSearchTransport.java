package io.fieldlink.dashboard.query;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking HTTP client of its own for the series queries' {@code _msearch}: the request thread writes the request
 * and reads the answer itself. Through the application's asynchronous {@code RestClient} (an I/O reactor thread and
 * two hand-overs per request) the hop to OpenSearch was about a quarter of dashboard-api's CPU per one-device series
 * query, more than parsing the answer (JFR, {@code bin/bench series}, docs/benchmarks.md). Same nodes, credentials,
 * path prefix, timeouts and TLS as that client ({@code spring.opensearch.*}); the nodes are taken in turn, and a node
 * that refuses the connection (the request was not sent) passes the request to the next.
 */
final class BlockingSearchTransport implements SearchTransport, AutoCloseable {

    /** As the RestClient's defaults: at most 10 connections per node, 30 in all. */
    static final int MAX_PER_NODE = 10;
    static final int MAX_TOTAL = 30;

    /**
     * The OpenSearch RestClient's request log: at TRACE each request as a curl line, the same format, so the series
     * requests stay visible there (and {@code bin/bench series} can compare them with its direct requests).
     */
    private static final Logger tracer = LoggerFactory.getLogger("tracer");

    private final CloseableHttpClient http;
    private final List<URI> nodes;
    private final String msearchPath;
    /** The {@code _msearch} URIs of the nodes by filter path (a few values: the readers' field sets). */
    private final Map<String, List<URI>> msearchUris = new ConcurrentHashMap<>();
    private final String authorization;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param nodes      base URIs of the nodes ({@code http[s]://host:port}, user info taken as credentials when no
     *                   user name is given)
     * @param sslContext for https nodes (null: the JVM's default)
     */
    BlockingSearchTransport(List<URI> nodes, String pathPrefix, String username, String password,
                            Duration connectTimeout, Duration socketTimeout, SSLContext sslContext) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no OpenSearch node configured (spring.opensearch.uris)");
        }
        String prefix = pathPrefix == null || pathPrefix.isBlank() ? "" : "/" + pathPrefix.replaceAll("^/+|/+$", "");
        this.nodes = List.copyOf(nodes);
        this.msearchPath = prefix + "/_msearch";
        String user = username;
        String secret = password;
        if ((user == null || user.isEmpty()) && nodes.getFirst().getUserInfo() != null) {
            String[] info = nodes.getFirst().getUserInfo().split(":", 2);
            user = info[0];
            secret = info.length > 1 ? info[1] : "";
        }
        this.authorization = user == null || user.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_PER_NODE)
                .setMaxConnTotal(MAX_TOTAL)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(socketTimeout))
                        .build());
        if (sslContext != null) {
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext));
        }
        this.http = HttpClients.custom()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(socketTimeout))
                        .setResponseTimeout(Timeout.of(socketTimeout))
                        .build())
                // no Accept-Encoding: OpenSearch would gzip its answers (http.compression), a few kilobytes of
                // numbers after filter_path, and both sides would spend CPU on it; the RestClient did not ask either
                .disableContentCompression()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .build();
    }

    @Override
    public <T> T msearch(String filterPath, byte[] body, BodyReader<T> reader) throws IOException {
        List<URI> uris = msearchUris.computeIfAbsent(filterPath,
                path -> nodes.stream().map(node -> msearchUri(node, msearchPath, path)).toList());
        int first = Math.floorMod(next.getAndIncrement(), uris.size());
        IOException refused = null;
        for (int i = 0; i < uris.size(); i++) {
            URI uri = uris.get((first + i) % uris.size());
            if (tracer.isTraceEnabled()) {
                tracer.trace("curl -iX POST '{}' -d '{}'", uri, new String(body, StandardCharsets.UTF_8));
            }
            HttpPost post = new HttpPost(uri);
            if (authorization != null) {
                post.setHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            post.setHeader(HttpHeaders.ACCEPT, MultiSearch.SMILE);
            post.setEntity(new ByteArrayEntity(body, RestClientSearchTransport.NDJSON));
            try {
                return http.execute(post, response -> {
                    int status = response.getCode();
                    if (status / 100 != 2) {
                        HttpEntity entity = response.getEntity();
                        throw MultiSearch.failed(status, entity == null ? new byte[0] : EntityUtils.toByteArray(entity),
                                entity == null ? null : entity.getContentType());
                    }
                    return reader.read(response.getEntity().getContent());
                });
            } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
                refused = e; // not sent: the next node may take it
            }
        }
        throw refused;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    private static URI msearchUri(URI node, String path, String filterPath) {
        try {
            return new URIBuilder().setScheme(node.getScheme()).setHost(node.getHost()).setPort(node.getPort())
                    .setPath(path).addParameter("filter_path", filterPath).build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("unusable OpenSearch URI " + node.getHost(), e);
        }
    }
}
