package io.fieldlink.dashboard.query;

import io.fieldlink.testsupport.FreePorts;
import io.fieldlink.testsupport.OpenSearchExtension;
import io.fieldlink.testsupport.WithOpenSearch;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both ways of sending the series {@code _msearch}, against the real OpenSearch node. */
@WithOpenSearch
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchTransportsIT {

    private static final String INDEX = "transports-it";
    private static final byte[] SEARCH = ("{\"index\":\"" + INDEX + "\"}\n"
            + "{\"size\":0,\"aggs\":{\"t\":{\"stats\":{\"field\":\"v\"}}}}\n"
            + "{\"index\":\"no-such-index-*\"}\n"
            + "{\"size\":0,\"aggs\":{\"t\":{\"stats\":{\"field\":\"v\"}}}}\n").getBytes(StandardCharsets.UTF_8);

    private RestClient rest;
    private URI node;

    @BeforeAll
    void indexReadings() throws IOException {
        node = URI.create(OpenSearchExtension.node().uri());
        rest = RestClient.builder(HttpHost.create(node)).build();
        for (int i = 1; i <= 3; i++) {
            Request put = new Request("PUT", "/" + INDEX + "/_doc/" + i);
            put.addParameter("refresh", "true");
            put.setJsonEntity("{\"v\":" + (i * 10) + "}");
            rest.performRequest(put);
        }
    }

    @AfterAll
    void close() throws IOException {
        rest.close();
    }

    @Test
    void theBlockingClientGetsTheAnswerTheRestClientGets() throws IOException {
        String viaRestClient = new RestClientSearchTransport(rest).msearch(ALL_STATS, SEARCH, TEXT);
        try (BlockingSearchTransport blocking = blocking(List.of(node))) {
            String viaBlocking = blocking.msearch(ALL_STATS, SEARCH, TEXT);
            assertThat(viaBlocking).isEqualTo(viaRestClient)
                    .contains("\"count\":3", "\"min\":10.0", "\"max\":30.0", "\"sum\":60.0");
            // the filter is applied: none of what OpenSearch adds besides
            assertThat(viaBlocking).doesNotContain("took", "hits", "\"avg\"");
        }
    }

    @Test
    void aNodeThatRefusesTheConnectionPassesTheRequestToTheNext() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + FreePorts.pick());
        try (BlockingSearchTransport blocking = blocking(List.of(closed, node))) {
            // taken in turn: one of the two calls starts at the closed node, and both are answered
            assertThat(blocking.msearch(ALL_STATS, SEARCH, TEXT)).contains("\"count\":3");
            assertThat(blocking.msearch(ALL_STATS, SEARCH, TEXT)).contains("\"count\":3");
        }
        try (BlockingSearchTransport onlyClosed = blocking(List.of(closed))) {
            assertThatThrownBy(() -> onlyClosed.msearch(ALL_STATS, SEARCH, TEXT))
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void anErrorStatusForTheWholeRequestIsAnIOExceptionNamingIt() throws IOException {
        byte[] unreadable = "{\"index\":\"x\"}\nnot json\n".getBytes(StandardCharsets.UTF_8);
        try (BlockingSearchTransport blocking = blocking(List.of(node))) {
            // the error answer is Smile too (it was asked for); the message carries it as JSON text
            assertThatThrownBy(() -> blocking.msearch(ALL_STATS, unreadable, TEXT)).isInstanceOf(IOException.class)
                    .hasMessageContaining("OpenSearch answered 400").hasMessageContaining("\"reason\":");
        }
        assertThatThrownBy(() -> new RestClientSearchTransport(rest).msearch(ALL_STATS, unreadable, TEXT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("OpenSearch answered 400").hasMessageContaining("\"reason\":");
    }

    private static final String ALL_STATS = MultiSearch.filterPath(List.of(Aggregation.MIN, Aggregation.MAX,
            Aggregation.AVG));

    @Test
    void theFilterLeavesOutTheStatisticsNotAskedFor() throws IOException {
        try (BlockingSearchTransport blocking = blocking(List.of(node))) {
            String avg = blocking.msearch(MultiSearch.filterPath(List.of(Aggregation.AVG)), SEARCH, TEXT);
            assertThat(avg).contains("\"count\":3", "\"sum\":60.0")
                    .doesNotContain("\"min\"", "\"max\"", "\"avg\"");
            String max = blocking.msearch(MultiSearch.filterPath(List.of(Aggregation.MAX)), SEARCH, TEXT);
            assertThat(max).contains("\"count\":3", "\"max\":30.0").doesNotContain("\"min\"", "\"sum\"");
        }
    }

    /** The Smile answer as JSON text; refuses an answer that is not Smile (it starts with ":)\n"). */
    private static final SearchTransport.BodyReader<String> TEXT = body -> {
        byte[] smile = body.readAllBytes();
        assertThat(new String(smile, 0, 3, StandardCharsets.ISO_8859_1)).as("Smile header").isEqualTo(":)\n");
        return MultiSearch.text(smile, MultiSearch.SMILE);
    };

    private static BlockingSearchTransport blocking(List<URI> nodes) {
        return new BlockingSearchTransport(nodes, null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(10),
                null);
    }
}
