package io.fieldlink.dashboard.query;

import jakarta.json.stream.JsonGenerator;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.opensearch.core.msearch.RequestItem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An {@code _msearch} whose searches are built with opensearch-java's typed builders and whose answer is read
 * as a plain JSON tree. Reading a large aggregation answer through the typed client (typed_keys, a union
 * deserializer per bucket) cost most of dashboard-api's CPU per series query (JFR, {@code bin/bench series}:
 * ~60 % of the request); a tree of the same bytes is several times cheaper and the reader needs only a few
 * numbers per bucket.
 */
final class MultiSearch {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    /**
     * Only what the readers use: bucket keys, the statistics and percentile values, and errors. Leaves out what
     * OpenSearch adds to every bucket ({@code key_as_string}, {@code doc_count}, {@code avg}, ...), about half of
     * the bytes, which both sides would otherwise write, send and read. {@code status} keeps an entry for a search
     * that found nothing (the filter would drop it, and the answers would no longer line up with the searches).
     */
    static final String FILTER_PATH = "responses.status,responses.error,responses.aggregations.**.key,"
            + "responses.aggregations.**.count,responses.aggregations.**.min,responses.aggregations.**.max,"
            + "responses.aggregations.**.sum,responses.aggregations.**.values";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient rest;
    private final JsonpMapper mapper;

    MultiSearch(RestClient rest, JsonpMapper mapper) {
        this.rest = rest;
        this.mapper = mapper;
    }

    /**
     * Sends the searches as one request; the answer's {@code responses}, one per search in order (each with
     * {@code aggregations}, or {@code error} when that search failed).
     *
     * @throws IOException OpenSearch unreachable, or an error status for the whole request
     */
    List<JsonNode> send(List<RequestItem> searches) throws IOException {
        Request request = new Request("POST", "/_msearch");
        request.addParameter("filter_path", FILTER_PATH);
        request.setEntity(new ByteArrayEntity(ndjson(searches), NDJSON));
        Response response = rest.performRequest(request);
        try (InputStream body = response.getEntity().getContent()) {
            JsonNode responses = JSON.readTree(body).path("responses");
            if (!responses.isArray() || responses.size() != searches.size()) {
                throw new IOException("_msearch answered " + responses.size() + " responses to " + searches.size()
                        + " searches");
            }
            List<JsonNode> items = new java.util.ArrayList<>(responses.size());
            responses.forEach(items::add);
            return items;
        }
    }

    /** One header line and one body line per search, as the multi-search API reads them. */
    byte[] ndjson(List<RequestItem> searches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (RequestItem search : searches) {
            line(search.header(), out);
            line(search.body(), out);
        }
        return out.toByteArray();
    }

    private void line(JsonpSerializable value, ByteArrayOutputStream out) {
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            value.serialize(generator, mapper);
        }
        out.write('\n');
    }
}
