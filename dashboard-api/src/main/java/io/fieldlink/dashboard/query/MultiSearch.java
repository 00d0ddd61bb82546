package io.fieldlink.dashboard.query;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.smile.SmileMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * An {@code _msearch} whose searches are written by the caller onto a JSON generator ({@link SeriesSearches}) and
 * whose answer is read as a token stream by the caller. Reading a large aggregation answer through the typed client
 * (typed_keys, a union deserializer per bucket) cost most of dashboard-api's CPU per series query (JFR,
 * {@code bin/bench series}: ~60 % of the request), a JSON tree of it still ~25 %; the reader needs only a few numbers
 * per bucket.
 * OpenSearch answers in Smile ({@value #SMILE}, Jackson's binary JSON, which OpenSearch writes natively): the same
 * tokens, but numbers travel as binary instead of decimal text, so neither OpenSearch has to format nor this side
 * to parse the thousands of doubles of a series answer (a third of dashboard-api's CPU for ten devices, JFR).
 */
final class MultiSearch {

    /** What every answer keeps: see {@link #filterPath}. */
    private static final String ALWAYS = "responses.status,responses.error,responses.aggregations.**.key,"
            + "responses.aggregations.**.count";
    /** The media type of the answers the transports ask for ({@code Accept}). */
    static final String SMILE = "application/smile";
    /** The media type of the request body the transports send ({@code Content-Type}): {@link #ndjson}. */
    static final String NDJSON = "application/x-ndjson";
    private static final SmileMapper ANSWERS = SmileMapper.builder().build();
    private static final JsonMapper REQUESTS = JsonMapper.builder().build();

    private final SearchTransport transport;

    /** @param transport sends to OpenSearch */
    MultiSearch(SearchTransport transport) {
        this.transport = transport;
    }

    /** One search: the index pattern it reads, and its body written onto a generator. */
    record Search(String index, BodyWriter body) {
    }

    /** Writes one search's body, a JSON object. */
    @FunctionalInterface
    interface BodyWriter {
        void write(JsonGenerator json);
    }

    /**
     * Sends the searches as one request and hands the answer ({@code responses}, one per search in order, each
     * with {@code aggregations}, or {@code error} when that search failed) to {@code reader} as a token stream.
     *
     * @throws IOException OpenSearch unreachable, or an error status for the whole request
     */
    <T> T send(List<Search> searches, String filterPath, AnswerReader<T> reader) throws IOException {
        return transport.msearch(filterPath, ndjson(searches), body -> {
            try (JsonParser parser = ANSWERS.createParser(body)) {
                return reader.read(parser);
            } catch (JacksonException e) {
                throw new IOException("unreadable _msearch answer: " + e.getOriginalMessage(), e);
            }
        });
    }

    /**
     * The {@code filter_path} that keeps only what the answer's reader uses for these aggregations: bucket keys,
     * counts (a bucket without the metric has count 0; {@code count} itself), {@code sum} for avg and sum, {@code min},
     * {@code max}, percentile {@code values}, and errors. It leaves out what OpenSearch adds to every bucket
     * ({@code key_as_string}, {@code doc_count}, {@code avg}) and the statistics nobody asked for: an avg series
     * reads two numbers per bucket instead of four, which both sides would otherwise write, send and parse.
     * {@code status} keeps an entry for a search that found nothing (the filter would drop it, and the answers would
     * no longer line up with the searches).
     */
    static String filterPath(Collection<Aggregation> aggs) {
        StringBuilder path = new StringBuilder(ALWAYS);
        if (aggs.contains(Aggregation.MIN)) {
            path.append(",responses.aggregations.**.min");
        }
        if (aggs.contains(Aggregation.MAX)) {
            path.append(",responses.aggregations.**.max");
        }
        if (aggs.contains(Aggregation.AVG) || aggs.contains(Aggregation.SUM)) {
            path.append(",responses.aggregations.**.sum");
        }
        if (aggs.stream().anyMatch(Aggregation::isPercentile)) {
            path.append(",responses.aggregations.**.values");
        }
        return path.toString();
    }

    /**
     * An answer's body as JSON text, for messages: Smile when {@code contentType} says so (an error answer to a
     * request that asked for Smile is Smile too), else the bytes as UTF-8 text.
     */
    static String text(byte[] body, String contentType) {
        if (contentType != null && contentType.startsWith(SMILE)) {
            try {
                JsonNode tree = ANSWERS.readTree(body);
                return tree.toString();
            } catch (JacksonException e) {
                return "(unreadable Smile answer of " + body.length + " bytes)";
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /** What a transport throws for an error status of the whole {@code _msearch}: the status and the answer's start. */
    static IOException failed(int status, byte[] body, String contentType) {
        String detail = text(body, contentType);
        return new IOException("OpenSearch answered " + status + " to _msearch: "
                + detail.substring(0, Math.min(500, detail.length())));
    }

    /** Reads the answer from its first token on. */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * One header line and one body line per search, as the multi-search API reads them; the header names the index
     * pattern and lets a pattern without indices (or with closed ones) answer empty instead of failing.
     */
    static byte[] ndjson(List<Search> searches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (Search search : searches) {
            try (JsonGenerator json = REQUESTS.createGenerator(out)) {
                json.writeStartObject();
                json.writeBooleanProperty("allow_no_indices", true);
                json.writeBooleanProperty("ignore_unavailable", true);
                json.writeArrayPropertyStart("index");
                json.writeString(search.index());
                json.writeEndArray();
                json.writeEndObject();
            }
            out.write('\n');
            try (JsonGenerator json = REQUESTS.createGenerator(out)) {
                search.body().write(json);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }
}
