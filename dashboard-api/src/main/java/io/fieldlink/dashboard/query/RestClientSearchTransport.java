package io.fieldlink.dashboard.query;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;

import java.io.IOException;
import java.io.InputStream;

/** Through the application's OpenSearch {@link RestClient} (asynchronous I/O under a blocking call). */
final class RestClientSearchTransport implements SearchTransport {

    static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final RestClient rest;

    RestClientSearchTransport(RestClient rest) {
        this.rest = rest;
    }

    @Override
    public <T> T msearch(String filterPath, byte[] body, BodyReader<T> reader) throws IOException {
        Request request = new Request("POST", "/_msearch");
        request.addParameter("filter_path", filterPath);
        request.setEntity(new ByteArrayEntity(body, NDJSON));
        Response response = rest.performRequest(request);
        try (InputStream in = response.getEntity().getContent()) {
            return reader.read(in);
        }
    }
}
