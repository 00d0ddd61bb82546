package io.fieldlink.dashboard.query;

import java.io.IOException;
import java.io.InputStream;

/** How {@link MultiSearch} sends its {@code _msearch}: one POST, its answer's body streamed to a reader. */
interface SearchTransport {

    /**
     * Posts {@code body} (NDJSON) to {@code /_msearch} with the transport's {@code filter_path} and reads the answer
     * with {@code reader}.
     *
     * @throws IOException OpenSearch unreachable, or an error status for the whole request
     */
    <T> T msearch(byte[] body, BodyReader<T> reader) throws IOException;

    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }
}
