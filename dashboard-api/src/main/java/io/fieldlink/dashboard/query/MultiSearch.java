package io.fieldlink.dashboard.query;

import jakarta.json.stream.JsonGenerator;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.opensearch.core.msearch.RequestItem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * An {@code _msearch} whose searches are built with opensearch-java's typed builders and whose answer is read
 * as a token stream by the caller. Reading a large aggregation answer through the typed client (typed_keys, a
 * union deserializer per bucket) cost most of dashboard-api's CPU per series query (JFR, {@code bin/bench
 * series}: ~60 % of the request), a JSON tree of it still ~25 %; the reader needs only a few numbers per bucket.
 */
final class MultiSearch {

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

    private final SearchTransport transport;
    private final JsonpMapper mapper;

    /** @param transport sends to OpenSearch with {@link #FILTER_PATH} */
    MultiSearch(SearchTransport transport, JsonpMapper mapper) {
        this.transport = transport;
        this.mapper = mapper;
    }

    /**
     * Sends the searches as one request and hands the answer ({@code responses}, one per search in order, each
     * with {@code aggregations}, or {@code error} when that search failed) to {@code reader} as a token stream.
     *
     * @throws IOException OpenSearch unreachable, or an error status for the whole request
     */
    <T> T send(List<RequestItem> searches, AnswerReader<T> reader) throws IOException {
        return transport.msearch(ndjson(searches), body -> {
            try (JsonParser parser = JSON.createParser(body)) {
                return reader.read(parser);
            } catch (JacksonException e) {
                throw new IOException("unreadable _msearch answer: " + e.getOriginalMessage(), e);
            }
        });
    }

    /** Reads the answer from its first token on. */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(JsonParser parser) throws IOException;
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
