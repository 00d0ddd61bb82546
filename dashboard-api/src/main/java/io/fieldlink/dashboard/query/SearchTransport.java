package io.fieldlink.dashboard.query;

import java.io.IOException;
import java.io.InputStream;

/** How {@link MultiSearch} sends its {@code _msearch}: one POST, its answer's body streamed to a reader. */
interface SearchTransport {

    /**
     * Posts {@code body} (NDJSON) to {@code /_msearch?filter_path=<filterPath>}, asking for a Smile answer
     * ({@code Accept: }{@link MultiSearch#SMILE}), and reads the answer with {@code reader}.
     *
     * @param filterPath one of the few {@link MultiSearch#filterPath} values (a transport may keep a URI per value)
     * @throws IOException OpenSearch unreachable, or an error status for the whole request
     */
    <T> T msearch(String filterPath, byte[] body, BodyReader<T> reader) throws IOException;

    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }
}
